package app.lightweight.wallets.ledger;

import io.vertx.core.json.JsonObject;

/**
 * One transfer of a posting, as asked: an amount from one account to another of the same currency.
 *
 * @param parentId the posting's main transfer for a dependent leg (a payment's charge), else null
 */
public record Leg(
    String id,
    String parentId,
    String kind,
    Account debit,
    Account credit,
    long amount,
    String reference,
    JsonObject metadata,
    String debitName,
    String creditName) {

  /** What a dependent leg's id is: its parent's id and this (see {@link #dependentId}). */
  public static final String DEPENDENT_SUFFIX = "/charge";

  public Leg {
    if (amount <= 0) {
      throw new IllegalArgumentException("a leg moves a positive amount: " + amount);
    }
    if (!debit.currency().equals(credit.currency())) {
      throw new IllegalArgumentException("a leg stays in one currency");
    }
    if (parentId != null && !id.equals(dependentId(parentId))) {
      throw new IllegalArgumentException("a dependent leg is named " + dependentId(parentId));
    }
    if (debit.id().equals(credit.id())) {
      throw new IllegalArgumentException("a leg moves between two accounts");
    }
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /**
   * The id of a posting's dependent leg (a payment's charge): the only name {@code post_batch}
   * takes for a transfer with a parent, and how the replay lookup finds it by primary key.
   */
  public static String dependentId(String parentId) {
    return parentId + DEPENDENT_SUFFIX;
  }

  public String currency() {
    return debit.currency();
  }
}
