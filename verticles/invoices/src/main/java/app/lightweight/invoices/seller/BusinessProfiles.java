package app.lightweight.invoices.seller;

import app.lightweight.invoices.Address;
import app.lightweight.invoices.PartyDetails;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the users service for a user's profile over the event bus ({@code users.profile}): a
 * business's details, or the address of a payer whose token named none. The users service is
 * optional: no consumer or no profile (404) mean "no profile here". For a business's details a slow
 * answer (over {@link #TIMEOUT_MS}) or a broken one mean the same, and the caller falls back to the
 * details kept with the invoice.
 */
public final class BusinessProfiles {
  public static final String ADDRESS = "users.profile";
  static final long TIMEOUT_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(BusinessProfiles.class);

  private final Vertx vertx;

  public BusinessProfiles(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The business block of the tenant's profile, if the users service has one. */
  public Future<Optional<BusinessBlock>> find(String tenant) {
    return profile(tenant)
        .map(found -> found.flatMap(BusinessProfiles::block))
        .otherwise(
            failure -> {
              LOG.debug("users.profile unavailable for {}: {}", tenant, failure.getMessage());
              return Optional.empty();
            });
  }

  /**
   * The profile of {@code subject} as {@code users.profile} answers it: empty when the users
   * service has none for them (404) or is not deployed (no consumer); failed when it could not say
   * now (a timeout, a 503), which may be asked again.
   */
  public Future<Optional<JsonObject>> profile(String subject) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            ADDRESS,
            new JsonObject().put("subject", subject),
            new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(reply -> Optional.ofNullable(reply.body()))
        .recover(
            failure ->
                failure instanceof ReplyException reply
                        && (reply.failureType() == ReplyFailure.NO_HANDLERS
                            || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                                && reply.failureCode() == 404)
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(failure));
  }

  static Optional<BusinessBlock> block(JsonObject profile) {
    if (profile == null) {
      return Optional.empty();
    }
    String name =
        firstPresent(profile.getString("business_name"), profile.getString("display_name"));
    if (name == null) {
      return Optional.empty();
    }
    PartyDetails details =
        new PartyDetails(
            name,
            profile.getString("email"),
            Address.fromJson(profile.getJsonObject("address")),
            profile.getString("tax_id"));
    return Optional.of(new BusinessBlock(details, logo(profile.getJsonObject("logo"))));
  }

  private static Logo logo(JsonObject logo) {
    if (logo == null || logo.getString("base64") == null) {
      return null;
    }
    try {
      return new Logo(Base64.getDecoder().decode(logo.getString("base64")));
    } catch (IllegalArgumentException notAnImage) {
      LOG.warn("ignoring a profile logo that is not a PNG or JPEG image");
      return null;
    }
  }

  private static String firstPresent(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }
}
