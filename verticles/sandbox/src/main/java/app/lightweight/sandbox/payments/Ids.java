package app.lightweight.sandbox.payments;

import java.security.SecureRandom;

/** Stripe-looking ids: a prefix and 24 random letters and digits. */
final class Ids {

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom random = new SecureRandom();

  private Ids() {}

  static String next(String prefix) {
    var id = new StringBuilder(prefix);
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
