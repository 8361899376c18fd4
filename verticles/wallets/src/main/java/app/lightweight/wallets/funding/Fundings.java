package app.lightweight.wallets.funding;

import app.lightweight.shared.Ids;
import app.lightweight.shared.http.Problem;
import app.lightweight.wallets.FundingCredit;
import app.lightweight.wallets.ledger.LedgerStore;
import app.lightweight.wallets.ledger.Outcome;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Funding a wallet through the payment provider: a funding and the provider's intent, then the
 * provider's word (a signed webhook, or the reconciler asking) settles it. A success credits the
 * wallet exactly once however often it is told: the webhook's event id is recorded, and the
 * credit's transfer id is {@code funding:<funding id>}, both in the transaction that credits.
 */
public final class Fundings {
  private static final Logger LOG = LoggerFactory.getLogger(Fundings.class);

  private final FundingStore store;
  private final LedgerStore ledger;
  private final PaymentGateway gateway;
  private final String returnUrl;
  private final Runnable eventsWritten;

  public Fundings(
      LedgerStore ledger, PaymentGateway gateway, String returnUrl, Runnable eventsWritten) {
    this.store = new FundingStore(ledger.pool());
    this.ledger = ledger;
    this.gateway = gateway;
    this.returnUrl = returnUrl;
    this.eventsWritten = eventsWritten;
  }

  public Future<Funding> start(String owner, long amount, String currency) {
    String id = Ids.next("fnd");
    return store
        .create(id, owner, amount, currency, gateway.name())
        .compose(
            funding ->
                gateway
                    .createIntent(id, amount, currency, returnUrl)
                    .recover(
                        unreachable -> {
                          LOG.warn("funding {}: the provider did not answer: {}", id, unreachable);
                          return store
                              .pool()
                              .withTransaction(
                                  tx -> store.fail(tx, funding, null, "provider_unavailable"))
                              .transform(
                                  done ->
                                      Future.failedFuture(
                                          Problem.unavailable("the payment provider is unreachable")
                                              .exception()));
                        }))
        .compose(intent -> store.attach(id, intent.id(), intent.checkoutUrl()));
  }

  public Future<Optional<Funding>> find(String owner, String id) {
    return store.find(owner, id);
  }

  /** A webhook delivery: verified, deduplicated by event id, then settled. */
  public Future<String> onWebhook(MultiMap headers, Buffer rawBody) {
    WebhookEvent event;
    try {
      event = gateway.verify(headers, rawBody);
    } catch (PaymentGateway.WebhookRejected rejected) {
      LOG.warn("payment webhook rejected: {}", rejected.getMessage());
      return Future.failedFuture(
          Problem.of(400, "webhook-rejected", "Webhook rejected", rejected.getMessage())
              .exception());
    }
    if (event.intent() == null
        || !(event.type().equals("payment_intent.succeeded")
            || event.type().equals("payment_intent.payment_failed"))) {
      LOG.warn("payment webhook {} rejected: event type {} not handled", event.id(), event.type());
      return Future.failedFuture(
          Problem.of(
                  400,
                  "unsupported-event",
                  "Event type not handled",
                  "events of type " + event.type() + " are not handled")
              .exception());
    }
    WebhookEvent verified = event;
    return store
        .pool()
        .withTransaction(
            tx ->
                store
                    .firstSight(tx, verified)
                    .compose(
                        first ->
                            first
                                ? settle(tx, verified.intent())
                                : Future.succeededFuture("duplicate")))
        .onSuccess(settled -> eventsWritten.run())
        .onFailure(
            failure ->
                LOG.warn(
                    "payment webhook {} ({}) rejected: {}",
                    verified.id(),
                    verified.type(),
                    failure.getMessage()));
  }

  /**
   * A funding without an intent this long is not being started any more: the provider's call that
   * {@link #start} waits for has long timed out. Nobody was given its checkout (the request that
   * created it was not answered 201), so nobody can pay it.
   */
  static final Duration INTENT_DEADLINE = Duration.ofSeconds(60);

  static final String NO_CHECKOUT = "checkout_not_created";

  /**
   * Asks the provider about each funding pending longer than {@code age}, and fails each funding
   * that never got the provider's intent (pending longer than {@code age} and {@link
   * #INTENT_DEADLINE}), so that none stays pending for ever. A webhook for it that came all the
   * same would still credit it (the credit looks a funding up by its id too).
   */
  public Future<Void> reconcile(Duration age) {
    Duration deadline = age.compareTo(INTENT_DEADLINE) > 0 ? age : INTENT_DEADLINE;
    Future<?> asked =
        store
            .pendingLongerThan(age)
            .compose(pending -> Future.join(pending.stream().map(this::reconcile).toList()));
    Future<?> abandoned =
        store
            .withoutIntentLongerThan(deadline)
            .compose(stuck -> Future.join(stuck.stream().map(this::abandon).toList()));
    return Future.join(asked, abandoned).mapEmpty();
  }

  private Future<Boolean> abandon(Funding funding) {
    return store
        .pool()
        .withTransaction(tx -> store.fail(tx, funding, null, NO_CHECKOUT))
        .onSuccess(
            failed -> {
              if (failed) {
                LOG.info(
                    "funding {} failed: the provider's intent was never created", funding.id());
                eventsWritten.run();
              }
            })
        .onFailure(
            failure -> LOG.warn("funding {} not failed: {}", funding.id(), failure.toString()));
  }

  private Future<String> reconcile(Funding funding) {
    return gateway
        .retrieve(funding.intentId())
        .compose(
            intent ->
                intent.outcome().equals("pending")
                    ? Future.succeededFuture("pending")
                    : store.pool().withTransaction(tx -> settle(tx, intent)))
        .onSuccess(
            outcome -> {
              if (!outcome.equals("pending")) {
                LOG.info("funding {} reconciled: {}", funding.id(), outcome);
                eventsWritten.run();
              }
            })
        .onFailure(
            failure -> LOG.warn("funding {} not reconciled: {}", funding.id(), failure.toString()));
  }

  private Future<String> settle(SqlConnection tx, ProviderIntent intent) {
    return store
        .lockForIntent(tx, intent)
        .compose(
            found -> {
              if (found.isEmpty()) {
                throw Problem.of(
                        422,
                        "unknown-funding",
                        "Unknown funding",
                        "no funding for payment intent " + intent.id())
                    .exception();
              }
              Funding funding = found.get();
              if (intent.outcome().equals("succeeded")) {
                return credit(tx, funding, intent);
              }
              if (intent.outcome().equals("failed")) {
                return store
                    .fail(tx, funding, intent.id(), intent.failureReason())
                    .map(changed -> changed ? "failed" : "unchanged");
              }
              return Future.succeededFuture("pending");
            });
  }

  private Future<String> credit(SqlConnection tx, Funding funding, ProviderIntent intent) {
    if (intent.amount() != funding.amount() || !intent.currency().equals(funding.currency())) {
      throw Problem.of(
              422,
              "currency-mismatch",
              "Amount or currency mismatch",
              "funding "
                  + funding.id()
                  + " is "
                  + funding.amount()
                  + " "
                  + funding.currency()
                  + ", the provider received "
                  + intent.amount()
                  + " "
                  + intent.currency())
          .exception();
    }
    if (funding.status().equals("succeeded")) {
      return Future.succeededFuture("unchanged");
    }
    return ledger
        .post(
            tx,
            List.of(
                FundingCredit.posting(
                    funding.id(), funding.owner(), funding.amount(), funding.currency())))
        .compose(
            outcomes -> {
              if (!(outcomes.get(0) instanceof Outcome.Accepted)) {
                throw new IllegalStateException("funding credit refused: " + outcomes.get(0));
              }
              return store.succeed(tx, funding, intent.id()).map("credited");
            });
  }
}
