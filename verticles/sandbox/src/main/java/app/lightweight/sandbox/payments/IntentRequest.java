package app.lightweight.sandbox.payments;

import java.util.Map;

/** What a create call asked for, after validation; equal requests are the same for idempotency. */
record IntentRequest(
    long amount,
    String currency,
    Map<String, String> metadata,
    String description,
    String returnUrl) {}
