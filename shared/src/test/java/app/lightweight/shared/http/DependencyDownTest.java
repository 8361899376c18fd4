package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

/** Every way the pg client says a connection went away is a 503, not a 500. */
class DependencyDownTest {

  @Test
  void aConnectionLostOrClosedUnderARequestIsA503() {
    assertThat(Problems.toProblem(ClosedConnectionException.INSTANCE, 500).status()).isEqualTo(503);
    assertThat(
            Problems.toProblem(
                    new VertxException("Connection is not active now, current status: CLOSED"), 500)
                .status())
        .isEqualTo(503);
    assertThat(Problems.toProblem(new VertxException("Connection was closed"), 500).status())
        .isEqualTo(503);
    assertThat(Problems.toProblem(new IllegalStateException("a bug"), 500).status()).isEqualTo(500);
  }
}
