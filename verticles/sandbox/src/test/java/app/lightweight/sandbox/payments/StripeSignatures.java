package app.lightweight.sandbox.payments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a {@code Stripe-Signature} header as Stripe documents it, written here apart from the
 * stand-in's signer: split {@code t=...,v1=...}, HMAC-SHA256 {@code t + "." + raw body} with the
 * endpoint secret, compare in constant time, refuse a timestamp older than the tolerance.
 */
final class StripeSignatures {

  private StripeSignatures() {}

  static boolean verify(String header, String rawBody, String secret, long toleranceSeconds)
      throws Exception {
    var parts = new HashMap<String, String>();
    for (var element : header.split(",")) {
      var pair = element.split("=", 2);
      parts.put(pair[0].trim(), pair[1].trim());
    }
    long timestamp = Long.parseLong(parts.get("t"));
    if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > toleranceSeconds) {
      return false;
    }
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    var expected = mac.doFinal((timestamp + "." + rawBody).getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.get("v1")));
  }
}
