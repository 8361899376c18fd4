package app.lightweight.sandbox;

import app.lightweight.sandbox.WebhookFormat.Outcome;
import app.lightweight.sandbox.WebhookFormat.Recipient;
import app.lightweight.sandbox.WebhookFormat.Request;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery webhooks of one relay: after the relay accepts a message it posts, in its provider's
 * format, one event per recipient to {@link #url(String)} (unset: nothing is posted) on a thread of
 * its own, retrying an answer that is not final (no answer, or not 2xx) three times, a quarter
 * second, half a second and a second later. A recipient at {@link #bounceDomain(String)} ({@code
 * bounce.test}) bounces, one at {@link #deferDomain(String)} ({@code defer.test}) is deferred,
 * every other one is delivered.
 */
public final class Webhooks implements AutoCloseable {

  public static final String LOCAL_URL = "http://localhost:8083/api/email/webhooks/";

  static final int ATTEMPTS = 4;
  static final Duration FIRST_RETRY = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

  private final String provider;
  private final WebhookFormat format;
  private final List<WebhookPost> posts = new ArrayList<>();
  private volatile String url;
  private volatile String bounceDomain = "bounce.test";
  private volatile String deferDomain = "defer.test";
  private volatile boolean duplicates;
  private ScheduledExecutorService poster;
  private HttpClient http;

  private Webhooks(String provider, WebhookFormat format) {
    this.provider = provider;
    this.format = format;
  }

  /** The webhooks of {@code provider} ({@code mailgun}, {@code sparkpost}; others post none). */
  static Webhooks of(String provider) {
    return new Webhooks(
        provider,
        switch (provider) {
          case "mailgun" -> new MailgunWebhooks(MailgunWebhooks.LOCAL_SIGNING_KEY);
          case "sparkpost" ->
              new SparkPostWebhooks(SparkPostWebhooks.LOCAL_USER, SparkPostWebhooks.LOCAL_PASSWORD);
          default -> null;
        });
  }

  /** Where events are posted; {@code null} or blank: nowhere (the default). */
  public Webhooks url(String url) {
    this.url = url == null || url.isBlank() ? null : url;
    return this;
  }

  public String url() {
    return url;
  }

  /**
   * The target of {@code ./lightweight start}: {@code SANDBOX_<PROVIDER>_WEBHOOK_URL} if set
   * (blank: off), else the email service's local endpoint {@code LOCAL_URL + provider}.
   */
  public Webhooks useLocalTarget() {
    var override = System.getenv("SANDBOX_" + provider.toUpperCase(Locale.ROOT) + "_WEBHOOK_URL");
    return url(override != null ? override : LOCAL_URL + provider);
  }

  /** Recipients at this domain bounce (permanent failure). */
  public Webhooks bounceDomain(String domain) {
    bounceDomain = domain.toLowerCase(Locale.ROOT);
    return this;
  }

  /** Recipients at this domain are deferred (temporary failure). */
  public Webhooks deferDomain(String domain) {
    deferDomain = domain.toLowerCase(Locale.ROOT);
    return this;
  }

  /**
   * Whether every event is delivered twice, byte for byte (same token, same batch id), as a
   * provider does when it did not see the first answer.
   */
  public Webhooks duplicates(boolean on) {
    duplicates = on;
    return this;
  }

  /** Every attempt so far, oldest first (retries and duplicates included). */
  public synchronized List<WebhookPost> posts() {
    return List.copyOf(posts);
  }

  /** The attempts the receiver answered 2xx, oldest first. */
  public List<WebhookPost> delivered() {
    return posts().stream().filter(WebhookPost::succeeded).toList();
  }

  /** Waits until at least {@code count} attempts were answered 2xx; false if the timeout passed. */
  public boolean waitForDelivered(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivered().size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return true;
  }

  /**
   * Posts {@code earlier} again, byte for byte, to the current URL, now: a replayed (or captured
   * and resent) webhook. Returns that attempt.
   */
  public WebhookPost replay(WebhookPost earlier) {
    var target = url != null ? url : earlier.url();
    return send(target, new Request(earlier.headers(), earlier.body()), 1);
  }

  /**
   * The settings a service needs to authenticate these webhooks: {@code
   * MAILGUN_WEBHOOK_SIGNING_KEY}, or {@code SPARKPOST_WEBHOOK_USER} and {@code _PASSWORD}.
   */
  public Map<String, String> settings() {
    return format == null ? Map.of() : format.settings();
  }

  /** Forgets the attempts and switches duplicates off; the URL and domains stay. */
  synchronized void reset() {
    posts.clear();
    duplicates = false;
  }

  /** Reports what became of each recipient of a message the relay just accepted. */
  void accepted(ReceivedMail mail) {
    var target = url;
    if (format == null || target == null) {
      return;
    }
    var recipients = mail.envelopeTo().stream().map(r -> new Recipient(r, outcome(r))).toList();
    var requests = format.requests(mail, recipients);
    int times = duplicates ? 2 : 1;
    for (var request : requests) {
      for (int i = 0; i < times; i++) {
        poster().execute(() -> deliver(target, request, 1));
      }
    }
  }

  @Override
  public synchronized void close() {
    if (poster != null) {
      poster.shutdownNow();
      poster = null;
    }
  }

  private Outcome outcome(String recipient) {
    var domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (domain.equals(bounceDomain)) {
      return Outcome.BOUNCED;
    }
    return domain.equals(deferDomain) ? Outcome.DEFERRED : Outcome.DELIVERED;
  }

  private void deliver(String target, Request request, int attempt) {
    var post = send(target, request, attempt);
    if (format.isFinal(post.status())) {
      return;
    }
    if (attempt >= ATTEMPTS) {
      log.warn("{} webhook to {} given up after {} attempts", provider, target, attempt);
      return;
    }
    long delay = FIRST_RETRY.toMillis() << (attempt - 1);
    poster().schedule(() -> deliver(target, request, attempt + 1), delay, TimeUnit.MILLISECONDS);
  }

  private WebhookPost send(String target, Request request, int attempt) {
    var builder =
        HttpRequest.newBuilder(URI.create(target))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    int status;
    try {
      status = client().send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      log.debug("{} webhook to {} failed: {}", provider, target, e.toString());
      status = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = -1;
    }
    var post =
        new WebhookPost(target, request.headers(), request.body(), status, attempt, Instant.now());
    synchronized (this) {
      posts.add(post);
    }
    return post;
  }

  private synchronized ScheduledExecutorService poster() {
    if (poster == null) {
      poster =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                var thread = new Thread(task, "smtp-relay-" + provider + "-webhooks");
                thread.setDaemon(true);
                return thread;
              });
    }
    return poster;
  }

  private synchronized HttpClient client() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
    }
    return http;
  }
}
