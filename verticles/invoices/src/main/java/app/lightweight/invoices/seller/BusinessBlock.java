package app.lightweight.invoices.seller;

import app.lightweight.invoices.PartyDetails;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who an invoice is from, as its PDF prints it: the seller's details and logo, from the users
 * service's profile, or else the details kept with the invoice.
 *
 * @param logo the logo, or null
 */
public record BusinessBlock(PartyDetails details, Logo logo) {

  /** Printed when nothing is known about the seller. */
  public static final String UNNAMED = "Unnamed business";

  public static BusinessBlock unnamed() {
    return new BusinessBlock(new PartyDetails(UNNAMED, null, null, null), null);
  }

  /** The SHA-256 of the logo in hex, as logos are stored, or null without one. */
  public String logoSha256() {
    if (logo == null) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(logo.raw()));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public String logoContentType() {
    if (logo == null) {
      return null;
    }
    byte[] bytes = logo.bytes();
    return (bytes[0] & 0xff) == 0x89 ? "image/png" : "image/jpeg";
  }
}
