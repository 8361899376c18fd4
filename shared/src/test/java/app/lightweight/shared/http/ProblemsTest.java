package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void aBugIsA500ThatRevealsNothingOfItsCause() {
    Problem problem =
        Problems.toProblem(new IllegalStateException("secret table name in message"), 500);
    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.toJson().encode()).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void databaseUnreachableIsA503() {
    assertThat(Problems.toProblem(new ConnectException("Connection refused"), 500).status())
        .isEqualTo(503);
    assertThat(
            Problems.toProblem(
                    new PgException("terminating connection", "FATAL", "57P01", "admin shutdown"),
                    500)
                .status())
        .isEqualTo(503);
  }

  @Test
  void aConstraintViolationThatEscapedTheStoreIsStillA500() {
    assertThat(
            Problems.toProblem(new PgException("duplicate", "ERROR", "23505", "dup"), 500).status())
        .isEqualTo(500);
  }

  @Test
  void malformedJsonIsA400() {
    assertThat(Problems.toProblem(new DecodeException("Unexpected end"), 500).status())
        .isEqualTo(400);
  }

  @Test
  void tooLargeBodyIsA413Problem() {
    Problem problem = Problems.toProblem(new HttpException(413), 413);
    assertThat(problem.status()).isEqualTo(413);
    assertThat(problem.type()).endsWith("/too-large");
  }

  @Test
  void knownProblemsKeepTheirAnswer() {
    Problem conflict = Problem.conflict("invoice is already issued");
    assertThat(Problems.toProblem(conflict.exception(), 500)).isEqualTo(conflict);
  }
}
