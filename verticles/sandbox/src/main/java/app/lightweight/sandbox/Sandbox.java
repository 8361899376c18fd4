package app.lightweight.sandbox;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.sandbox.payments.PaymentSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every third party of the platform, stood in for locally: a Kafka broker, an OIDC provider and two
 * SMTP relays ({@code mailgun} and {@code sparkpost}) and a Stripe-shaped payment provider. {@link
 * #environment()} gives the configuration a service reads to use them.
 */
public final class Sandbox implements AutoCloseable {

  public static final int KAFKA_PORT = 9092;
  public static final int OIDC_PORT = 8090;
  public static final int MAILGUN_PORT = 2525;
  public static final int SPARKPOST_PORT = 2526;
  public static final int PAYMENTS_PORT = PaymentSettings.LOCAL_PORT;

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static Sandbox shared;

  private final KafkaBroker kafka;
  private final OidcProvider oidc;
  private final SmtpRelay mailgun;
  private final SmtpRelay sparkpost;
  private final PaymentProvider payments;
  private final boolean isShared;

  private Sandbox(
      KafkaBroker kafka,
      OidcProvider oidc,
      SmtpRelay mailgun,
      SmtpRelay sparkpost,
      PaymentProvider payments,
      boolean shared) {
    this.kafka = kafka;
    this.oidc = oidc;
    this.mailgun = mailgun;
    this.sparkpost = sparkpost;
    this.payments = payments;
    this.isShared = shared;
  }

  /**
   * Starts everything on the fixed local ports (Kafka 9092, OIDC 8090, SMTP 2525 and 2526), with
   * Kafka's data kept in {@code dataDir/kafka} across runs, and payments on 8091 posting webhooks
   * to {@code PAYMENTS_WEBHOOK_URL} (default: the local wallets service).
   */
  public static Sandbox startLocal(Path dataDir) {
    for (var port : List.of(KAFKA_PORT, OIDC_PORT, MAILGUN_PORT, SPARKPOST_PORT, PAYMENTS_PORT)) {
      if (Ports.isListening(port)) {
        throw new IllegalStateException("sandbox: port " + port + " is already in use");
      }
    }
    var sandbox =
        start(
            KAFKA_PORT,
            dataDir.resolve("kafka"),
            OIDC_PORT,
            MAILGUN_PORT,
            SPARKPOST_PORT,
            PaymentSettings.local(System.getenv()),
            "local ports",
            false);
    sandbox.mailgun.webhooks().useLocalTarget();
    sandbox.sparkpost.webhooks().useLocalTarget();
    return sandbox;
  }

  /** Starts everything on free ports, with temporary data deleted on {@link #close()}. */
  public static Sandbox startForTests() {
    return start(0, null, 0, 0, 0, PaymentSettings.forTests(), "free ports", false);
  }

  /**
   * One sandbox for the whole test JVM, started on first use (free ports) and closed when the JVM
   * ends. Its {@link #close()} does nothing, so a test class cannot take it away from the others;
   * tests clean up what they use (e.g. {@link SmtpRelay#reset()}, fresh topic and group names).
   */
  public static synchronized Sandbox shared() {
    if (shared == null) {
      var sandbox =
          start(
              0, null, 0, 0, 0, PaymentSettings.forTests(), "free ports, shared by this JVM", true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(sandbox::closeAll, "lightweight-sandbox-shutdown"));
      shared = sandbox;
    }
    return shared;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public OidcProvider oidc() {
    return oidc;
  }

  public SmtpRelay mailgun() {
    return mailgun;
  }

  public SmtpRelay sparkpost() {
    return sparkpost;
  }

  /** The Stripe-shaped payment provider; tests reset it ({@link PaymentProvider#reset()}). */
  public PaymentProvider payments() {
    return payments;
  }

  /** The settings a service reads to use this sandbox, by environment variable name. */
  public Map<String, String> environment() {
    var env = new LinkedHashMap<String, String>();
    env.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("OIDC_ISSUER", oidc.issuer());
    env.put("OIDC_AUDIENCE", OidcProvider.AUDIENCE);
    putSmtp(env, "MAILGUN", mailgun);
    putSmtp(env, "SPARKPOST", sparkpost);
    env.putAll(mailgun.webhooks().settings());
    env.putAll(sparkpost.webhooks().settings());
    env.put("PAYMENTS_API_BASE", payments.apiBase());
    env.put("PAYMENTS_SECRET_KEY", payments.secretKey());
    env.put("PAYMENTS_WEBHOOK_SECRET", payments.webhookSecret());
    return Collections.unmodifiableMap(env);
  }

  /** Stops everything; does nothing on the {@link #shared()} sandbox. */
  @Override
  public void close() {
    if (!isShared) {
      closeAll();
    }
  }

  private void closeAll() {
    var failures = new ArrayList<RuntimeException>();
    for (AutoCloseable part : List.of(payments, sparkpost, mailgun, oidc, kafka)) {
      closeQuietly(part, failures);
    }
    if (!failures.isEmpty()) {
      var failure = new IllegalStateException("sandbox did not close cleanly", failures.get(0));
      failures.stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private static Sandbox start(
      int kafkaPort,
      Path kafkaData,
      int oidcPort,
      int mailgunPort,
      int sparkpostPort,
      PaymentSettings paymentSettings,
      String where,
      boolean shared) {
    long started = System.nanoTime();
    ExecutorService starter = Executors.newFixedThreadPool(5, Sandbox::starterThread);
    var kafka =
        CompletableFuture.supplyAsync(() -> KafkaBroker.start(kafkaPort, kafkaData), starter);
    var oidc = CompletableFuture.supplyAsync(() -> OidcProvider.start(oidcPort), starter);
    var mailgun =
        CompletableFuture.supplyAsync(
            () -> SmtpRelay.start("mailgun", mailgunPort, "mailgun", "mailgun-local-secret"),
            starter);
    var sparkpost =
        CompletableFuture.supplyAsync(
            () ->
                SmtpRelay.start("sparkpost", sparkpostPort, "sparkpost", "sparkpost-local-secret"),
            starter);
    var payments =
        CompletableFuture.supplyAsync(() -> PaymentProvider.start(paymentSettings), starter);
    try {
      CompletableFuture.allOf(kafka, oidc, mailgun, sparkpost, payments).join();
    } catch (CompletionException e) {
      // allOf completes once every part has finished, so those that did start can be closed now
      var ignored = new ArrayList<RuntimeException>();
      for (var part :
          List.<CompletableFuture<? extends AutoCloseable>>of(
              kafka, oidc, mailgun, sparkpost, payments)) {
        if (!part.isCompletedExceptionally()) {
          closeQuietly(part.join(), ignored);
        }
      }
      throw new IllegalStateException("sandbox could not start: " + e.getCause().getMessage(), e);
    } finally {
      starter.shutdown();
    }
    var sandbox =
        new Sandbox(
            kafka.join(), oidc.join(), mailgun.join(), sparkpost.join(), payments.join(), shared);
    log.info(
        "Sandbox up on {} in {} ms: {}",
        where,
        (System.nanoTime() - started) / 1_000_000,
        sandbox.environment());
    return sandbox;
  }

  private static void putSmtp(Map<String, String> env, String provider, SmtpRelay relay) {
    env.put("SMTP_" + provider + "_HOST", relay.host());
    env.put("SMTP_" + provider + "_PORT", String.valueOf(relay.port()));
    env.put("SMTP_" + provider + "_USER", relay.user());
    env.put("SMTP_" + provider + "_PASSWORD", relay.password());
  }

  private static void closeQuietly(AutoCloseable part, List<RuntimeException> failures) {
    try {
      part.close();
    } catch (Exception e) {
      failures.add(e instanceof RuntimeException runtime ? runtime : new RuntimeException(e));
    }
  }

  private static Thread starterThread(Runnable task) {
    var thread = new Thread(task, "lightweight-sandbox-start");
    thread.setDaemon(true);
    return thread;
  }

  /** Runs the sandbox alone on the local ports until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    var dataDir = Path.of(args.length > 0 ? args[0] : ".lightweight/sandbox");
    var sandbox = startLocal(dataDir);
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "lightweight-sandbox-stop"));
    Thread.currentThread().join();
  }
}
