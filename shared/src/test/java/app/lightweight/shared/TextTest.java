package app.lightweight.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.http.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\u00A0",
        "\u2003",
        "\u3000",
        "\u2028",
        "\u2029",
        "\u200B\u200C\u200D",
        "\uFEFF",
        "\u2060",
        "\t\n",
        "\u0000",
        "\u3164",
        "\u0301"
      })
  void textOfOnlySpacesSeparatorsAndZeroWidthCharactersIsNotVisible(String blank) {
    assertThat(Text.isVisible(blank)).isFalse();
    assertThatThrownBy(() -> Text.requireVisible(blank, "/name"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("visible");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Ọbí", "李", "😀", ".", "e\u0301"})
  void anyCharacterThatShowsIsVisible(String text) {
    assertThat(Text.isVisible(text)).isTrue();
  }

  @org.junit.jupiter.api.Test
  void requireVisibleStripsSpacesOfEveryKindButKeepsMarks() {
    assertThat(Text.requireVisible("\u00A0\u200B Ada Obi\u3000\u2028", "/name"))
        .isEqualTo("Ada Obi");
    assertThat(Text.requireVisible("Rene\u0301", "/name")).isEqualTo("Rene\u0301");
  }
}
