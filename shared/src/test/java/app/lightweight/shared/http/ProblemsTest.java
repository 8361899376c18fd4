package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.http.Problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

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
