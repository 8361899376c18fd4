package app.lightweight.invoices.payments;

import app.lightweight.shared.http.Problem;
import io.vertx.core.json.JsonObject;

/**
 * A payment the wallets service refused, as a problem+json with members of its own (the {@code
 * shortfall} of {@code insufficient-funds}); {@link PaymentRoutes} answers it.
 */
final class PaymentRefused extends RuntimeException {
  private final Problem problem;
  private final JsonObject members;

  PaymentRefused(Problem problem, JsonObject members) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.members = members;
  }

  int status() {
    return problem.status();
  }

  JsonObject body() {
    return problem.toJson().mergeIn(members);
  }
}
