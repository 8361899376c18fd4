package app.lightweight.shared.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a service's Flyway migrations ({@code classpath:db/<schema>}) into its own schema, and
 * the shared tables every service has (outbox, idempotency keys) from {@code db/shared}.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static Future<Void> apply(Vertx vertx, DbConfig config) {
    return vertx.executeBlocking(
        () -> {
          var result =
              Flyway.configure()
                  .dataSource(config.jdbcUrl(), config.user(), config.password())
                  .schemas(config.schema())
                  .createSchemas(true)
                  .locations("classpath:db/shared", "classpath:db/" + config.schema())
                  // db/shared (V0_x) grows apart from each service's own V1, V2, …: a new shared
                  // migration lands below versions a schema already has, and must still run
                  .outOfOrder(true)
                  .connectRetries(3)
                  .load()
                  .migrate();
          if (result.migrationsExecuted > 0) {
            LOG.info(
                "schema {} migrated to version {} ({} migrations applied)",
                config.schema(),
                result.targetSchemaVersion,
                result.migrationsExecuted);
          }
          return null;
        },
        false);
  }
}
