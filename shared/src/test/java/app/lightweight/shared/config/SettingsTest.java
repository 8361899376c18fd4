package app.lightweight.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void serviceSpecificSettingWinsOverThePlainOne() {
    Settings settings =
        Settings.of("users", Map.of("HTTP_PORT", "9000", "USERS_HTTP_PORT", "8081"));
    assertThat(settings.integer("HTTP_PORT", 1)).isEqualTo(8081);
    assertThat(Settings.of("invoices", Map.of("HTTP_PORT", "9000")).integer("HTTP_PORT", 1))
        .isEqualTo(9000);
  }

  @Test
  void missingRequiredSettingIsOneLineNamingIt() {
    Settings settings = Settings.of("users", Map.of("OIDC_ISSUER", "  "));
    assertThatThrownBy(() -> settings.required("OIDC_ISSUER", "the OIDC issuer URL"))
        .hasMessage("missing required setting OIDC_ISSUER (the OIDC issuer URL)")
        .hasNoCause();
  }

  @Test
  void unusableNumberNamesTheSetting() {
    assertThatThrownBy(
            () -> Settings.of("users", Map.of("HTTP_PORT", "eighty")).integer("HTTP_PORT", 1))
        .hasMessageContaining("HTTP_PORT");
  }
}
