package app.lightweight.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values (session ids, CSRF tokens, state, PKCE verifiers) and how they are kept. */
public final class OpaqueTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private OpaqueTokens() {}

  /** 256 random bits, base64url without padding (43 characters, a valid PKCE verifier too). */
  public static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /**
   * What the database keeps of a cookie's value: its SHA-256, so a read of the table signs no one
   * in.
   */
  public static String hash(String value) {
    return BASE64URL.encodeToString(sha256(value));
  }

  /** The PKCE S256 challenge of a verifier. */
  public static String challenge(String verifier) {
    return BASE64URL.encodeToString(sha256(verifier));
  }

  /** Compares without leaking, through timing, how much of a guess was right. */
  public static boolean same(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
