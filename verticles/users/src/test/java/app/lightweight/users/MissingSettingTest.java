package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Started without a required setting, the service exits at once with one line naming it. */
class MissingSettingTest {

  @Test
  void missingIssuerFailsStartUpWithOneLineNamingIt() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                UsersMain.class.getName())
            .redirectErrorStream(false);
    builder.environment().remove("OIDC_ISSUER");
    builder.environment().remove("USERS_OIDC_ISSUER");
    builder.environment().put("CLUSTER_MODE", "none");
    builder.environment().put("LOG_LEVEL", "ERROR");
    Process process = builder.start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr.strip().lines())
        .containsExactly(
            "users cannot start: missing required setting OIDC_ISSUER"
                + " (the OIDC issuer URL, e.g. https://your-tenant.auth0.com/)");
  }
}
