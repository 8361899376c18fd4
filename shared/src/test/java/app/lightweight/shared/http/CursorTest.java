package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.Ids;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void aCursorGivesBackTheKeyItWasMadeFrom() {
    String id = Ids.next("inv");
    String cursor = Cursor.encode(id);
    assertThat(cursor).doesNotContain(id).matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.decode(cursor)).isEqualTo(id);
  }

  @Test
  void noCursorMeansTheFirstPage() {
    assertThat(Cursor.decode(null)).isNull();
    assertThat(Cursor.decode("")).isNull();
  }

  @Test
  void aMadeUpCursorIsA400NamingTheParameter() {
    for (String forged : new String[] {"abc", "!!!", Cursor.encode("' or 1=1 --")}) {
      assertThatThrownBy(() -> Cursor.decode(forged))
          .isInstanceOf(ProblemException.class)
          .satisfies(
              e -> {
                Problem problem = ((ProblemException) e).problem();
                assertThat(problem.status()).isEqualTo(400);
                assertThat(problem.errors())
                    .extracting(Problem.FieldError::pointer)
                    .containsExactly("/cursor");
              });
    }
  }
}
