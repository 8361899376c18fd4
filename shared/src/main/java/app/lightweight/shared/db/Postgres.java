package app.lightweight.shared.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The service's connection pool, bounded so that a database outage fails fast (503) not hangs. */
public final class Postgres {
  private Postgres() {}

  public static Pool pool(Vertx vertx, DbConfig config) {
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(config.poolSize())
                .setConnectionTimeout(3)
                .setMaxWaitQueueSize(512)
                .setIdleTimeout(60)
                .setName("pg-" + config.schema()))
        .with(new NetClientOptions().setConnectTimeout(2_000))
        .connectingTo(config.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * Creates the database named in the URL if it is missing (local runs and tests; in production the
   * database exists). Blocking: call it off the event loop.
   */
  public static void ensureDatabase(DbConfig config) {
    String maintenance = config.jdbcUrl().replace("/" + config.database() + "?", "/postgres?");
    try (var connection =
            DriverManager.getConnection(maintenance, config.user(), config.password());
        var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      check.setString(1, config.database());
      if (check.executeQuery().next()) {
        return;
      }
      try (var create = connection.createStatement()) {
        create.execute("create database \"" + config.database().replace("\"", "") + "\"");
      } catch (SQLException raced) {
        if (!"42P04".equals(raced.getSQLState())) {
          throw raced;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach PostgreSQL at " + config.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  public static Future<Void> ensureDatabase(Vertx vertx, DbConfig config) {
    return vertx.executeBlocking(
        () -> {
          ensureDatabase(config);
          return null;
        });
  }
}
