package app.lightweight.shared.db;

import app.lightweight.shared.config.Settings;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the service's data lives: a PostgreSQL URL and the service's own schema in it.
 *
 * @param url e.g. {@code postgresql://postgres@127.0.0.1:5432/lightweight}
 * @param schema the service's schema, e.g. {@code users}
 * @param poolSize connections in the service's pool
 */
public record DbConfig(String url, String schema, int poolSize) {

  public static final String LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/lightweight";

  public static DbConfig from(Settings settings) {
    return new DbConfig(
        settings.string("PG_URL", LOCAL_URL),
        settings.string("PG_SCHEMA", settings.service()),
        settings.integer("PG_POOL_SIZE", 8));
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    options.addProperty("search_path", schema);
    options.addProperty("application_name", "lightweight-" + schema);
    // each connection parses and plans a statement once, not on every execution (the parse and
    // plan of a statement can cost PostgreSQL more than running it)
    options.setCachePreparedStatements(true);
    return options;
  }

  public String jdbcUrl() {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return "jdbc:postgresql://"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + options.getDatabase()
        + "?connectTimeout=5";
  }

  public String user() {
    return PgConnectOptions.fromUri(url).getUser();
  }

  public String password() {
    return PgConnectOptions.fromUri(url).getPassword();
  }

  public String database() {
    return PgConnectOptions.fromUri(url).getDatabase();
  }
}
