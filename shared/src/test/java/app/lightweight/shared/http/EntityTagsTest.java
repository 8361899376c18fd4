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
  void ifMatchNamesVersionsQuotedOrBareAndComparesStrongly() {
    assertThat(EntityTags.ofVersion(7)).isEqualTo("\"7\"");
    assertThat(EntityTags.ifMatch("\"7\"").matches(7)).isTrue();
    assertThat(EntityTags.ifMatch("7").matches(7)).isTrue();
    assertThat(EntityTags.ifMatch("W/\"7\"").matches(7)).isFalse();
    assertThat(EntityTags.ifMatch("*").matches(7)).isTrue();
    assertThat(EntityTags.ifMatch("\"3\", W/\"7\", \"7\"").matches(7)).isTrue();
    assertThat(EntityTags.ifMatch("\"3\", \"seven\"").matches(7)).isFalse();
    assertThat(EntityTags.ifMatch(null)).isNull();
    assertThatThrownBy(() -> EntityTags.ifMatch("seven")).isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> EntityTags.ifMatch("\"7\" \"8\""))
        .isInstanceOf(ProblemException.class);
  }
}
