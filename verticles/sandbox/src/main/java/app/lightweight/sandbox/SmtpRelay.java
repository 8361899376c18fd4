package app.lightweight.sandbox;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.auth.UsernameAuthentication;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP relay on loopback standing for one email provider ({@code mailgun}, {@code sparkpost}):
 * it takes mail from a client that authenticates (AUTH PLAIN or LOGIN) as the configured user,
 * answers {@code 535} to a wrong password, and keeps what it accepted for tests to look at. It can
 * be stopped (connections refused) and started again on the same port, like a provider outage;
 * {@link #faults()} switches the other failures a provider shows on the wire, and {@link
 * #webhooks()} posts the provider's delivery events for what it accepted.
 *
 * <p>GreenMail is the SMTP server, on a port of its own; the relay's port is an {@link SmtpProxy}
 * in front of it that injects the faults.
 */
public final class SmtpRelay implements AutoCloseable {

  public static final String HOST = "127.0.0.1";

  private static final Logger log = LoggerFactory.getLogger(SmtpRelay.class);
  private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final String user;
  private final String password;
  private final List<ReceivedMail> accepted = new ArrayList<>();
  private final SmtpFaults faults = new SmtpFaults();
  private final Webhooks webhooks;
  private int port;
  private GreenMail greenMail;
  private SmtpProxy proxy;
  private MovingMessage lastDelivered;

  private SmtpRelay(String name, int port, String user, String password) {
    this.name = name;
    this.port = port;
    this.user = user;
    this.password = password;
    this.webhooks = Webhooks.of(name);
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
    return proxy != null;
  }

  /** The faults it shows on the wire; none until switched on. */
  public SmtpFaults faults() {
    return faults;
  }

  /** Its provider's delivery webhooks; off until given a URL. */
  public Webhooks webhooks() {
    return webhooks;
  }

  /** Starts the relay again (on the same port) after {@link #stop()}; does nothing if running. */
  public synchronized void start() {
    if (proxy != null) {
      return;
    }
    long started = System.nanoTime();
    if (greenMail == null) {
      greenMail = startGreenMail();
    }
    proxy = SmtpProxy.listen(name, port, greenMail.getSmtp().getPort(), faults);
    port = proxy.port();
    log.info(
        "SMTP relay {} up on {}:{} (user {}) in {} ms",
        name,
        HOST,
        port,
        user,
        (System.nanoTime() - started) / 1_000_000);
  }

  private GreenMail startGreenMail() {
    var server =
        new NoDelayGreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(user, user, password));
    var users = server.getUserManager();
    var deliver = users.getMessageDeliveryHandler();
    users.setMessageDeliveryHandler(
        (message, recipient) -> {
          record(message);
          return deliver.handle(message, recipient);
        });
    server.start();
    return server;
  }

  /**
   * Stops the relay: open connections are cut and new ones refused until {@link #start()}. Keeps
   * what arrived.
   */
  public synchronized void stop() {
    if (proxy == null) {
      return;
    }
    proxy.close();
    proxy = null;
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

  /** The {@code Message-ID} of every message accepted so far, as sent, oldest first. */
  public synchronized List<String> messageIds() {
    return accepted.stream().map(ReceivedMail::messageId).toList();
  }

  /** How many accepted messages carry this {@code Message-ID} (angle brackets optional). */
  public synchronized int count(String messageId) {
    var wanted = MailgunWebhooks.withoutAngleBrackets(messageId);
    return (int)
        accepted.stream()
            .filter(
                mail ->
                    Objects.equals(wanted, MailgunWebhooks.withoutAngleBrackets(mail.messageId())))
            .count();
  }

  /**
   * Forgets every message accepted so far, switches every fault off and forgets the webhook
   * attempts (the webhook URL stays).
   */
  public synchronized void reset() {
    accepted.clear();
    lastDelivered = null;
    faults.clear();
    webhooks.reset();
    if (greenMail != null) {
      purgeMailboxes(greenMail);
    }
  }

  /**
   * GreenMail writes a reply's text and its CRLF in two writes; with Nagle on, the CRLF waits for
   * the peer's delayed ACK, 40 ms on every command (about 200 ms a message). Real providers do not
   * stall like that, so the relay's sockets send at once.
   */
  private static final class NoDelayGreenMail extends GreenMail {
    NoDelayGreenMail(ServerSetup setup) {
      super(setup);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
      Map<String, AbstractServer> services = new HashMap<>(super.createServices(config, managers));
      services.replaceAll(
          (protocol, server) ->
              server instanceof SmtpServer
                  ? new SmtpServer(server.getServerSetup(), managers) {
                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket socket) {
                      try {
                        socket.setTcpNoDelay(true);
                      } catch (SocketException e) {
                        // the connection is gone already; the handler will notice
                      }
                      return super.createProtocolHandler(socket);
                    }
                  }
                  : server);
      return services;
    }
  }

  @Override
  public void close() {
    stop();
    synchronized (this) {
      if (greenMail != null) {
        greenMail.stop();
        greenMail = null;
      }
    }
    webhooks.close();
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
    var mail =
        ReceivedMail.of(
            message.getReturnPath() == null ? "" : message.getReturnPath().toString(),
            message.getToAddresses().stream().map(Object::toString).toList(),
            auth instanceof UsernameAuthentication login ? login.getUsername() : null,
            message.getMessage());
    accepted.add(mail);
    webhooks.accepted(mail);
  }
}
