package app.lightweight.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void ifNoneMatchComparesQuotedWeakAndListedTags() {
    String etag = "\"3fa9\"";
    assertThat(EntityTags.matches("\"3fa9\"", etag)).isTrue();
    assertThat(EntityTags.matches("W/\"3fa9\"", etag)).isTrue();
    assertThat(EntityTags.matches("\"x\", \"3fa9\"", etag)).isTrue();
    assertThat(EntityTags.matches("*", etag)).isTrue();
    assertThat(EntityTags.matches("\"3fa8\"", etag)).isFalse();
    assertThat(EntityTags.matches(null, etag)).isFalse();
  }

  @Test
  void ifMatchNamesAVersionQuotedOrBare() {
    assertThat(EntityTags.ofVersion(7)).isEqualTo("\"7\"");
    assertThat(EntityTags.versionOf("\"7\"")).isEqualTo(7L);
    assertThat(EntityTags.versionOf("7")).isEqualTo(7L);
    assertThat(EntityTags.versionOf(null)).isNull();
    assertThatThrownBy(() -> EntityTags.versionOf("\"seven\""))
        .isInstanceOf(ProblemException.class);
  }
}
