package app.lightweight.sandbox.payments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code "<t>.<raw body>"}, keyed with the webhook secret as it is written ({@code whsec_...}).
 */
final class WebhookSignature {

  private WebhookSignature() {}

  static String header(String secret, long timestamp, String body) {
    return "t=" + timestamp + ",v1=" + hmacHex(secret, timestamp + "." + body);
  }

  static String hmacHex(String secret, String payload) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
