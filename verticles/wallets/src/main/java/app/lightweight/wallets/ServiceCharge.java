package app.lightweight.wallets;

/**
 * The platform's charge on a payment in one currency: {@code basisPoints} of the amount, rounded
 * half-even to a minor unit, plus {@code fixed} minor units, at least {@code minimum}, and never
 * more than the amount itself (the business is never charged more than it collected).
 */
public record ServiceCharge(long basisPoints, long fixed, long minimum) {
  public static final ServiceCharge NONE = new ServiceCharge(0, 0, 0);

  public ServiceCharge {
    if (basisPoints < 0 || basisPoints > 10_000 || fixed < 0 || minimum < 0) {
      throw new IllegalArgumentException(
          "a charge is 0 to 10000 basis points and non-negative amounts");
    }
  }

  public long on(long amount) {
    long proportional = halfEven(Math.multiplyExact(amount, basisPoints), 10_000);
    long charge = Math.max(minimum, Math.addExact(proportional, fixed));
    return Math.min(charge, amount);
  }

  /** {@code numerator / divisor} rounded to the nearest integer, ties to the even one. */
  static long halfEven(long numerator, long divisor) {
    long quotient = numerator / divisor;
    long twiceRemainder = 2 * (numerator % divisor);
    if (twiceRemainder > divisor || (twiceRemainder == divisor && quotient % 2 != 0)) {
      quotient++;
    }
    return quotient;
  }
}
