package app.lightweight.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

class DbConfigTest {

  @Test
  void connectionsUseTheServiceSchemaAndKeepTheirPreparedStatements() {
    PgConnectOptions options = new DbConfig(DbConfig.LOCAL_URL, "invoices", 8).connectOptions();

    assertThat(options.getProperties()).containsEntry("search_path", "invoices");
    assertThat(options.getCachePreparedStatements()).isTrue();
    assertThat(options.getDatabase()).isEqualTo("lightweight");
  }
}
