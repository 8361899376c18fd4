package app.lightweight.gateway.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Every SQL statement of the gateway: sessions and sign-ins under way. */
public final class SessionStore {
  private static final String SAVE_LOGIN =
      "insert into logins (id_hash, state, code_verifier, nonce, return_to, created_at)"
          + " values ($1, $2, $3, $4, $5, $6)";
  private static final String TAKE_LOGIN =
      "delete from logins where id_hash = $1 and created_at > $2"
          + " returning state, code_verifier, nonce, return_to";
  private static final String CREATE =
      "insert into sessions (id_hash, subject, name, email, access_token, access_expires_at,"
          + " refresh_token, id_token, csrf_token, created_at, last_seen_at, expires_at)"
          + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)";
  private static final String FIND =
      "select id_hash, subject, name, email, access_token, access_expires_at, refresh_token,"
          + " id_token, csrf_token, last_seen_at, expires_at from sessions"
          + " where id_hash = $1 and expires_at > $2 and last_seen_at > $3";
  private static final String TOUCH =
      "update sessions set last_seen_at = $2 where id_hash = $1 and last_seen_at < $2";
  private static final String SAVE_TOKENS =
      "update sessions set access_token = $2, access_expires_at = $3, refresh_token = $4,"
          + " id_token = $5, name = $6, email = $7 where id_hash = $1";
  private static final String DELETE = "delete from sessions where id_hash = $1";
  private static final String LIVE =
      "select id_hash from sessions where id_hash = any($1) and expires_at > $2"
          + " and last_seen_at > $3";
  private static final String PURGE_SESSIONS =
      "delete from sessions where expires_at <= $1 or last_seen_at <= $2";
  private static final String PURGE_LOGINS = "delete from logins where created_at <= $1";

  /** How long a sign-in may take between the redirect to the provider and the callback. */
  public static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);

  private final Pool pool;
  private final Duration idle;

  public SessionStore(Pool pool, Duration idle) {
    this.pool = pool;
    this.idle = idle;
  }

  /** A sign-in under way, as {@link #takeLogin} gives it back once. */
  public record Login(String state, String codeVerifier, String nonce, String returnTo) {}

  public Future<Void> saveLogin(String idHash, Login login) {
    return pool.preparedQuery(SAVE_LOGIN)
        .execute(
            Tuple.of(
                idHash,
                login.state(),
                login.codeVerifier(),
                login.nonce(),
                login.returnTo(),
                utc(Instant.now())))
        .mapEmpty();
  }

  /** The sign-in bound to a pre-login cookie, removed so that it serves one callback only. */
  public Future<Optional<Login>> takeLogin(String idHash) {
    return pool.preparedQuery(TAKE_LOGIN)
        .execute(Tuple.of(idHash, utc(Instant.now().minus(LOGIN_TIMEOUT))))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(login(rows.iterator().next())));
  }

  public Future<Void> create(Session session, Instant createdAt) {
    return pool.preparedQuery(CREATE)
        .execute(
            Tuple.from(
                new Object[] {
                  session.idHash(),
                  session.subject(),
                  session.name(),
                  session.email(),
                  session.accessToken(),
                  utc(session.accessExpiresAt()),
                  session.refreshToken(),
                  session.idToken(),
                  session.csrfToken(),
                  utc(createdAt),
                  utc(session.absoluteExpiresAt())
                }))
        .mapEmpty();
  }

  /** The session, unless it is unknown, idle too long or past its absolute end. */
  public Future<Optional<Session>> find(String idHash, Instant now) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(idHash, utc(now), utc(now.minus(idle))))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
  }

  public Future<Void> touch(String idHash, Instant now) {
    return pool.preparedQuery(TOUCH).execute(Tuple.of(idHash, utc(now))).mapEmpty();
  }

  public Future<Void> saveTokens(Session session) {
    return pool.preparedQuery(SAVE_TOKENS)
        .execute(
            Tuple.from(
                new Object[] {
                  session.idHash(),
                  session.accessToken(),
                  utc(session.accessExpiresAt()),
                  session.refreshToken(),
                  session.idToken(),
                  session.name(),
                  session.email()
                }))
        .mapEmpty();
  }

  public Future<Void> delete(String idHash) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(idHash)).mapEmpty();
  }

  /** Which of these sessions still hold. */
  public Future<List<String>> live(List<String> idHashes, Instant now) {
    return pool.preparedQuery(LIVE)
        .execute(Tuple.of(idHashes.toArray(new String[0]), utc(now), utc(now.minus(idle))))
        .map(rows -> rows.stream().map(row -> row.getString(0)).toList());
  }

  /** Removes ended sessions and abandoned sign-ins. */
  public Future<Void> purge(Instant now) {
    return pool.preparedQuery(PURGE_SESSIONS)
        .execute(Tuple.of(utc(now), utc(now.minus(idle))))
        .compose(
            done ->
                pool.preparedQuery(PURGE_LOGINS).execute(Tuple.of(utc(now.minus(LOGIN_TIMEOUT)))))
        .mapEmpty();
  }

  private Session session(Row row) {
    Instant lastSeen = row.getOffsetDateTime("last_seen_at").toInstant();
    Instant absolute = row.getOffsetDateTime("expires_at").toInstant();
    Instant idleEnd = lastSeen.plus(idle);
    return new Session(
        row.getString("id_hash"),
        row.getString("subject"),
        row.getString("name"),
        row.getString("email"),
        row.getString("access_token"),
        row.getOffsetDateTime("access_expires_at").toInstant(),
        row.getString("refresh_token"),
        row.getString("id_token"),
        row.getString("csrf_token"),
        lastSeen,
        absolute,
        idleEnd.isBefore(absolute) ? idleEnd : absolute);
  }

  private static Login login(Row row) {
    return new Login(
        row.getString("state"),
        row.getString("code_verifier"),
        row.getString("nonce"),
        row.getString("return_to"));
  }

  private static java.time.OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
