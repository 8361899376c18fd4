package app.lightweight.sandbox.payments;

import java.util.Arrays;
import java.util.Optional;

/** The card numbers the checkout knows, with Stripe's test-mode outcomes. */
enum TestCard {
  SUCCEEDS("4242424242424242", null),
  DECLINED("4000000000000002", PaymentError.DECLINED),
  INSUFFICIENT_FUNDS("4000000000009995", PaymentError.INSUFFICIENT_FUNDS);

  final String number;

  /** {@code null} when the payment succeeds. */
  final PaymentError error;

  TestCard(String number, PaymentError error) {
    this.number = number;
    this.error = error;
  }

  /** The test card with these digits (spaces and dashes ignored). */
  static Optional<TestCard> of(String number) {
    var digits = digits(number);
    return Arrays.stream(values()).filter(card -> card.number.equals(digits)).findFirst();
  }

  static String digits(String number) {
    return number == null ? "" : number.replaceAll("[\\s-]", "");
  }

  /** Whether the digits could be a card number at all (12 to 19 digits, Luhn checksum). */
  static boolean isCardNumber(String number) {
    var digits = digits(number);
    if (!digits.matches("\\d{12,19}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }
}
