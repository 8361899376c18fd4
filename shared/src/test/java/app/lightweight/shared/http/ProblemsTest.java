package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.List;
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

  @Test
  void schemaSummariesGiveWayToTheErrorThatExplainsThem() {
    List<FieldError> reported =
        List.of(
            new FieldError("/lines", "Property \"lines\" does not match schema"),
            new FieldError("/lines", "A subschema had errors"),
            new FieldError("/lines", "Items did not match schema"),
            new FieldError("/lines/0", "A subschema had errors"),
            new FieldError("/lines/0/quantity", "Property \"quantity\" does not match schema"),
            new FieldError("/lines/0/quantity", "String does not match pattern"),
            new FieldError(
                "/lines", "Property \"lines\" does not match additional properties schema"));

    assertThat(Problems.mostSpecific(reported))
        .containsExactly(new FieldError("/lines/0/quantity", "String does not match pattern"));
  }

  @Test
  void aSummaryThatIsTheOnlyErrorStays() {
    FieldError unknownMember =
        new FieldError("/total", "Property \"total\" does not match additional properties schema");
    assertThat(Problems.mostSpecific(List.of(unknownMember))).containsExactly(unknownMember);
  }
}
