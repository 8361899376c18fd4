package app.lightweight.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A signed-in browser, as the gateway keeps it: who, their tokens, and until when.
 *
 * @param idHash the SHA-256 of the session cookie's value
 * @param expiresAt when the session ends unless used again (idle), never after its absolute end
 */
public record Session(
    String idHash,
    String subject,
    String name,
    String email,
    String accessToken,
    Instant accessExpiresAt,
    String refreshToken,
    String idToken,
    String csrfToken,
    Instant lastSeenAt,
    Instant absoluteExpiresAt,
    Instant expiresAt) {

  /** The answer of {@code GET /auth/session}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("subject", subject)
        .put("name", name)
        .put("email", email)
        .put("expires_at", expiresAt.toString());
  }

  /** The session once used at {@code now}: its idle end moves, never past the absolute one. */
  public Session seenAt(Instant now, java.time.Duration idle) {
    Instant idleEnd = now.plus(idle);
    return new Session(
        idHash,
        subject,
        name,
        email,
        accessToken,
        accessExpiresAt,
        refreshToken,
        idToken,
        csrfToken,
        now,
        absoluteExpiresAt,
        idleEnd.isBefore(absoluteExpiresAt) ? idleEnd : absoluteExpiresAt);
  }

  public Session withTokens(OidcClient.Tokens tokens, OidcClient.IdToken id) {
    return new Session(
        idHash,
        subject,
        id == null ? name : id.name(),
        id == null ? email : id.email(),
        tokens.accessToken(),
        tokens.accessExpiresAt(),
        tokens.refreshToken() == null ? refreshToken : tokens.refreshToken(),
        tokens.idToken() == null ? idToken : tokens.idToken(),
        csrfToken,
        lastSeenAt,
        absoluteExpiresAt,
        expiresAt);
  }
}
