package app.lightweight.wallets.ledger;

/**
 * An account of the ledger. Ids say what they are: {@code wallet:<subject>:NGN}, {@code
 * revenue:NGN} (the platform's service charges), {@code clearing:NGN} (the payment provider's
 * clearing account, negative by what has been paid in).
 */
public record Account(String id, Kind kind, String owner, String currency) {

  public enum Kind {
    WALLET,
    REVENUE,
    CLEARING;

    public String sql() {
      return name().toLowerCase();
    }

    /** Wallets and revenue never go below zero; clearing holds what came in from outside. */
    public boolean mayGoNegative() {
      return this == CLEARING;
    }
  }

  public static Account wallet(String owner, String currency) {
    return new Account("wallet:" + owner + ":" + currency, Kind.WALLET, owner, currency);
  }

  /** The owner of a wallet account id ({@code wallet:<subject>:NGN}), or null for another. */
  public static String ownerOf(String accountId) {
    if (!accountId.startsWith("wallet:")) {
      return null;
    }
    return accountId.substring("wallet:".length(), accountId.length() - ":XXX".length());
  }

  public static Account revenue(String currency) {
    return new Account("revenue:" + currency, Kind.REVENUE, null, currency);
  }

  public static Account clearing(String currency) {
    return new Account("clearing:" + currency, Kind.CLEARING, null, currency);
  }
}
