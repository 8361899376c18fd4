package app.lightweight.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.email.EmailConfig;
import app.lightweight.email.delivery.SmtpSettings;
import app.lightweight.gateway.GatewayConfig;
import app.lightweight.invoices.InvoicesConfig;
import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;
import app.lightweight.users.UsersConfig;
import app.lightweight.wallets.WalletsConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery templates ({@code docker/ecs/render}, the deploy workflow, the Dockerfile) agree
 * with the services: each rendered task definition gives its service every setting it needs, read
 * by the service's own config code, pointing at production third parties rather than the local
 * defaults. No Docker engine runs here, so this is what checks the templates before a deploy does.
 */
class DeliveryTemplatesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> SERVICES =
      List.of("users", "invoices", "email", "wallets", "gateway");

  /** What the deploy workflow passes to the renderer, with production-shaped values. */
  private static final Map<String, String> DEPLOYMENT =
      Map.ofEntries(
          Map.entry("IMAGE", "123.dkr.ecr.eu-west-1.amazonaws.com/lightweight:abc"),
          Map.entry("EXECUTION_ROLE_ARN", "arn:aws:iam::123:role/exec"),
          Map.entry("TASK_ROLE_ARN", "arn:aws:iam::123:role/task"),
          Map.entry("OIDC_ISSUER", "https://login.lightweight.app/"),
          Map.entry("OIDC_AUDIENCE", "https://api.lightweight.app"),
          Map.entry("KAFKA_BOOTSTRAP", "b-1.msk.example:9098"),
          Map.entry("PG_URL_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123:secret:pg"),
          Map.entry("PUBLIC_URL", "https://app.lightweight.app"),
          Map.entry("SERVICE_NAMESPACE", "lightweight.internal"),
          Map.entry("MAIL_DOMAIN", "mg.lightweight.app"),
          Map.entry("MAIL_FROM", "invoices@mg.lightweight.app"),
          Map.entry("MAILGUN_SMTP_PASSWORD_SECRET_ARN", "arn:secret:mailgun-smtp"),
          Map.entry("MAILGUN_WEBHOOK_KEY_SECRET_ARN", "arn:secret:mailgun-webhook"),
          Map.entry("SPARKPOST_API_KEY_SECRET_ARN", "arn:secret:sparkpost-key"),
          Map.entry("SPARKPOST_WEBHOOK_USER_SECRET_ARN", "arn:secret:sparkpost-user"),
          Map.entry("SPARKPOST_WEBHOOK_PASSWORD_SECRET_ARN", "arn:secret:sparkpost-password"),
          Map.entry("PAYMENTS_API_BASE", "https://api.stripe.com"),
          Map.entry("PAYMENTS_SECRET_KEY_SECRET_ARN", "arn:secret:payments-key"),
          Map.entry("PAYMENTS_WEBHOOK_SECRET_ARN", "arn:secret:payments-webhook"),
          Map.entry("GATEWAY_CLIENT_ID", "lightweight-web"),
          Map.entry("GATEWAY_CLIENT_SECRET_ARN", "arn:secret:gateway-client"),
          Map.entry("AWS_REGION", "eu-west-1"));

  @ParameterizedTest
  @ValueSource(strings = {"users", "invoices", "email", "wallets", "gateway"})
  void renderedTaskGivesTheServiceEverySettingItReads(String service) throws Exception {
    Map<String, String> env = containerEnvironment(service);
    Function<Settings, ServiceConfig> read = CONFIGS.get(service);

    ServiceConfig config = read.apply(Settings.of(service, env));

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.oidc().issuer()).isEqualTo("https://login.lightweight.app/");
    assertThat(config.db().url()).isEqualTo("postgresql://app:pw@db.internal:5432/lightweight");
    assertThat(config.kafka().enabled()).isTrue();
    assertThat(env)
        .as("no setting of a deployed %s points at this machine", service)
        .allSatisfy((name, value) -> assertThat(value).doesNotContain("localhost", "127.0.0.1"));
  }

  @Test
  void productionServicesPointAtRealProvidersAndEachOther() throws Exception {
    EmailConfig email = EmailConfig.from(Settings.of("email", containerEnvironment("email")), 8083);
    assertThat(email.providers())
        .extracting(SmtpSettings::host, SmtpSettings::port, SmtpSettings::user)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "smtp.mailgun.org", 587, "postmaster@mg.lightweight.app"),
            org.assertj.core.groups.Tuple.tuple("smtp.sparkpostmail.com", 587, "SMTP_Injection"));
    assertThat(email.providers()).allSatisfy(smtp -> assertThat(smtp.password()).isNotBlank());
    assertThat(email.senderDomains()).containsExactly("mg.lightweight.app");
    assertThat(email.webhooks().mailgunSigningKey()).isNotBlank();
    assertThat(email.webhooks().sparkpostPassword()).isNotBlank();

    WalletsConfig wallets =
        WalletsConfig.from(Settings.of("wallets", containerEnvironment("wallets")));
    assertThat(wallets.paymentsApiBase()).isEqualTo("https://api.stripe.com");
    assertThat(wallets.fundingReturnUrl()).isEqualTo("https://app.lightweight.app/wallet");

    InvoicesConfig invoices =
        InvoicesConfig.from(Settings.of("invoices", containerEnvironment("invoices")));
    assertThat(invoices.payUrlBase()).isEqualTo("https://app.lightweight.app/pay/");
    assertThat(invoices.sending().from()).isEqualTo("invoices@mg.lightweight.app");

    GatewayConfig gateway =
        GatewayConfig.from(Settings.of("gateway", containerEnvironment("gateway")));
    assertThat(gateway.publicUrl()).isEqualTo("https://app.lightweight.app");
    assertThat(gateway.upstreams())
        .containsEntry("users", URI.create("http://users.lightweight.internal:8080"))
        .containsEntry("wallets", URI.create("http://wallets.lightweight.internal:8080"))
        .hasSize(4);
    assertThat(gateway.webRoot()).isEqualTo("/app/web");
  }

  @Test
  void aMissingDeploymentVariableFailsTheRenderNamingIt() throws Exception {
    Map<String, String> withoutDomain = new HashMap<>(DEPLOYMENT);
    withoutDomain.remove("MAIL_DOMAIN");

    Rendered rendered = render("email", withoutDomain);

    assertThat(rendered.exitCode()).isNotZero();
    assertThat(rendered.stderr()).contains("MAIL_DOMAIN");
  }

  @Test
  void everyServiceModuleIsDeliveredAndTheGatewayImageHoldsTheWebApp() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT.resolve("verticles"))) {
      assertThat(modules.map(p -> p.getFileName().toString()).filter(m -> !m.equals("sandbox")))
          .containsExactlyInAnyOrderElementsOf(SERVICES);
    }
    String workflow = Files.readString(ROOT.resolve(".github/workflows/deliver.yml"));
    Matcher matrix = Pattern.compile("service: \\[([^]]*)]").matcher(workflow);
    assertThat(matrix.find()).isTrue();
    assertThat(List.of(matrix.group(1).split(",\\s*"))).containsExactlyElementsOf(SERVICES);
    for (String service : SERVICES) {
      assertThat(ROOT.resolve("docker/ecs/services/" + service + ".json")).exists();
    }

    String project =
        new JsonObject(Files.readString(ROOT.resolve("web/angular.json")))
            .getJsonObject("projects")
            .fieldNames()
            .iterator()
            .next();
    String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    assertThat(dockerfile)
        .contains("COPY --from=web /web/dist/" + project + "/browser /app/web")
        .contains("GATEWAY_WEB_ROOT=/app/web");
  }

  private static final Map<String, Function<Settings, ServiceConfig>> CONFIGS =
      Map.of(
          "users", s -> UsersConfig.from(s).service(),
          "invoices", s -> InvoicesConfig.from(s).service(),
          "email", s -> EmailConfig.from(s, 8083).service(),
          "wallets", s -> WalletsConfig.from(s).service(),
          "gateway", s -> GatewayConfig.from(s).service());

  /**
   * The environment the container starts with: the image's ENV, the task's environment, and each
   * secret as Secrets Manager would resolve it.
   */
  private static Map<String, String> containerEnvironment(String service) throws Exception {
    Rendered rendered = render(service, DEPLOYMENT);
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    JsonObject container =
        new JsonObject(rendered.stdout()).getJsonArray("containerDefinitions").getJsonObject(0);
    Map<String, String> env = new TreeMap<>(imageEnvironment(service));
    for (Object entry : container.getJsonArray("environment", new JsonArray())) {
      JsonObject variable = (JsonObject) entry;
      env.put(variable.getString("name"), variable.getString("value"));
    }
    for (Object entry : container.getJsonArray("secrets", new JsonArray())) {
      JsonObject secret = (JsonObject) entry;
      assertThat(secret.getString("valueFrom")).startsWith("arn:");
      env.put(secret.getString("name"), secretValue(secret.getString("name")));
    }
    return env;
  }

  private static String secretValue(String name) {
    return name.equals("PG_URL")
        ? "postgresql://app:pw@db.internal:5432/lightweight"
        : "secret-of-" + name.toLowerCase();
  }

  /** The ENV lines of the Dockerfile's stages that the service's image is built from. */
  private static Map<String, String> imageEnvironment(String service) {
    Map<String, String> env = new HashMap<>(Map.of("HTTP_PORT", "8080", "LOG_FORMAT", "json"));
    if (service.equals("gateway")) {
      env.put("GATEWAY_WEB_ROOT", "/app/web");
    }
    return env;
  }

  private record Rendered(int exitCode, String stdout, String stderr) {}

  private static Rendered render(String service, Map<String, String> variables) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("docker/ecs/render").toString(), service);
    builder.environment().keySet().removeIf(DEPLOYMENT::containsKey);
    builder.environment().putAll(variables);
    Path out = Files.createTempFile("task-definition", ".json");
    Path err = Files.createTempFile("render", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int exitCode = process.waitFor();
    return new Rendered(
        exitCode,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
