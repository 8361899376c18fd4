package app.lightweight.shared;

import java.security.SecureRandom;

/**
 * Prefixed, sortable, unguessable identifiers such as {@code usr_01jd8x3k6m9q2w5e7r4t0y1u3i}: the
 * first 10 characters encode the creation millisecond (so ids sort by time), the remaining 16 carry
 * 80 random bits. Crockford base32, lower case.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    return next(prefix, System.currentTimeMillis());
  }

  static String next(String prefix, long epochMillis) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    StringBuilder id = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
    for (int shift = 45; shift >= 0; shift -= 5) {
      id.append(ALPHABET[(int) (epochMillis >>> shift) & 31]);
    }
    long high = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (random[i] & 0xff);
    }
    long low = 0;
    for (int i = 5; i < 10; i++) {
      low = (low << 8) | (random[i] & 0xff);
    }
    for (int shift = 35; shift >= 0; shift -= 5) {
      id.append(ALPHABET[(int) (high >>> shift) & 31]);
    }
    for (int shift = 35; shift >= 0; shift -= 5) {
      id.append(ALPHABET[(int) (low >>> shift) & 31]);
    }
    return id.toString();
  }
}
