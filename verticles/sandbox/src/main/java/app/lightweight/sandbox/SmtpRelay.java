package app.lightweight.sandbox;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.smtp.auth.UsernameAuthentication;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP relay on loopback standing for one email provider ({@code mailgun}, {@code sparkpost}):
 * it takes mail from a client that authenticates (AUTH PLAIN or LOGIN) as the configured user,
 * answers {@code 535} to a wrong password, and keeps what it accepted for tests to look at. It can
 * be stopped (connections refused) and started again on the same port, like a provider outage.
 */
public final class SmtpRelay implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  private static final Logger log = LoggerFactory.getLogger(SmtpRelay.class);
  private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final String user;
  private final String password;
  private final List<ReceivedMail> accepted = new ArrayList<>();
  private int port;
  private GreenMail greenMail;
  private MovingMessage lastDelivered;

  private SmtpRelay(String name, int port, String user, String password) {
    this.name = name;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** Starts a relay named {@code name} on {@code 127.0.0.1:port} (0 = a free port). */
  public static SmtpRelay start(String name, int port, String user, String password) {
    var relay = new SmtpRelay(name, port, user, password);
    relay.start();
    return relay;
  }

  public String name() {
    return name;
  }

  public String host() {
    return HOST;
  }

  public synchronized int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public synchronized boolean isRunning() {
    return greenMail != null;
  }

  /** Starts the relay again (on the same port) after {@link #stop()}; does nothing if running. */
  public synchronized void start() {
    if (greenMail != null) {
      return;
    }
    long started = System.nanoTime();
    var server =
        new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(user, user, password));
    var users = server.getUserManager();
    var deliver = users.getMessageDeliveryHandler();
    users.setMessageDeliveryHandler(
        (message, recipient) -> {
          record(message);
          return deliver.handle(message, recipient);
        });
    server.start();
    greenMail = server;
    port = server.getSmtp().getPort();
    log.info(
        "SMTP relay {} up on {}:{} (user {}) in {} ms",
        name,
        HOST,
        port,
        user,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Stops the relay: new connections are refused until {@link #start()}. Keeps what arrived. */
  public synchronized void stop() {
    if (greenMail == null) {
      return;
    }
    greenMail.stop();
    greenMail = null;
    Ports.awaitClosed(port, PORT_RELEASE_TIMEOUT);
    log.info("SMTP relay {} on {}:{} stopped", name, HOST, port);
  }

  /** The messages accepted so far, oldest first, across stops and starts. */
  public synchronized List<ReceivedMail> mails() {
    return List.copyOf(accepted);
  }

  /** The messages accepted so far as MIME messages, oldest first. */
  public synchronized List<MimeMessage> received() {
    return accepted.stream().map(ReceivedMail::message).toList();
  }

  /** Waits until at least {@code count} messages were accepted; false if the timeout passed. */
  public boolean waitForMessages(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      synchronized (this) {
        if (accepted.size() >= count) {
          return true;
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** Forgets every message accepted so far. */
  public synchronized void reset() {
    accepted.clear();
    lastDelivered = null;
    if (greenMail != null) {
      purgeMailboxes(greenMail);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void purgeMailboxes(GreenMail server) {
    try {
      server.purgeEmailFromAllMailboxes();
    } catch (FolderException e) {
      throw new IllegalStateException("could not empty the relay's mailboxes", e);
    }
  }

  /**
   * GreenMail delivers a message once per recipient; keep it once per SMTP transaction (deliveries
   * of one message follow each other under GreenMail's lock).
   */
  private synchronized void record(MovingMessage message) {
    if (message == lastDelivered) {
      return;
    }
    lastDelivered = message;
    var auth = message.getAuthenticationState();
    accepted.add(
        ReceivedMail.of(
            message.getReturnPath() == null ? "" : message.getReturnPath().toString(),
            message.getToAddresses().stream().map(Object::toString).toList(),
            auth instanceof UsernameAuthentication login ? login.getUsername() : null,
            message.getMessage()));
  }
}
