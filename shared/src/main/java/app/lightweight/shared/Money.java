package app.lightweight.shared;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money: integer minor units of an ISO 4217 currency. Never a double: the amount
 * is a {@code long} of minor units (kobo, cents), and conversion to and from decimal uses the
 * currency's own number of fraction digits.
 */
public record Money(long amount, String currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
    if (!Currencies.isKnown(currency)) {
      throw new IllegalArgumentException("unknown currency: " + currency);
    }
  }

  public static Money of(long amount, String currency) {
    return new Money(amount, currency);
  }

  public static Money zero(String currency) {
    return new Money(0, currency);
  }

  public static Money fromJson(JsonObject json) {
    return new Money(json.getLong("amount"), json.getString("currency"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amount, other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(amount, other.amount), currency);
  }

  /** Digits after the decimal point for this currency (2 for NGN, 0 for JPY, 3 for KWD). */
  public int fractionDigits() {
    return Currencies.fractionDigits(currency);
  }

  /** The amount in major units, exactly: 1250050 NGN minor units is 12500.50. */
  public BigDecimal toDecimal() {
    return BigDecimal.valueOf(amount, fractionDigits());
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency + " and " + other.currency);
    }
  }

  /** ISO 4217 codes as the JDK knows them. */
  public static final class Currencies {
    private Currencies() {}

    public static boolean isKnown(String code) {
      if (code == null || code.length() != 3) {
        return false;
      }
      try {
        Currency currency = Currency.getInstance(code);
        return currency.getDefaultFractionDigits() >= 0;
      } catch (IllegalArgumentException notIso) {
        return false;
      }
    }

    public static int fractionDigits(String code) {
      return Currency.getInstance(code).getDefaultFractionDigits();
    }
  }
}
