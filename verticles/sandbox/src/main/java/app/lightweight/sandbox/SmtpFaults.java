package app.lightweight.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults one {@link SmtpRelay} shows on the wire, switchable at any time from a test. Each
 * takes effect from the next connection (black hole, {@code 421}) or the next command (the others)
 * and lasts until {@link #clear()} ({@link SmtpRelay#reset()} clears too); the variants with a
 * count apply that many times and then switch themselves off. Stopped (connection refused) is
 * {@link SmtpRelay#stop()}.
 */
public final class SmtpFaults {

  static final String UNAVAILABLE = "421 4.3.2 Service not available, closing transmission channel";
  static final String BAD_LOGIN = "535 5.7.8 Authentication credentials invalid";

  private static final int ALWAYS = -1;

  private final Countdown blackHole = new Countdown();
  private final Countdown unavailable = new Countdown();
  private final Countdown rejectLogin = new Countdown();
  private final Countdown dropAfterData = new Countdown();
  private final Set<String> unknown = ConcurrentHashMap.newKeySet();
  private final Set<String> deferred = ConcurrentHashMap.newKeySet();
  private volatile Duration replyDelay = Duration.ZERO;

  SmtpFaults() {}

  /** New connections are accepted and never answered: no greeting, whatever the client sends. */
  public SmtpFaults blackHole() {
    return blackHole(ALWAYS);
  }

  /** The next {@code connections} connections are black holes. */
  public SmtpFaults blackHole(int connections) {
    blackHole.set(connections);
    return this;
  }

  /** New connections are greeted {@code 421 4.3.2} and closed: the provider is not available. */
  public SmtpFaults unavailable() {
    return unavailable(ALWAYS);
  }

  /** The next {@code connections} connections are greeted {@code 421} and closed. */
  public SmtpFaults unavailable(int connections) {
    unavailable.set(connections);
    return this;
  }

  /** Every {@code AUTH} is answered {@code 535 5.7.8}, even with the right credentials. */
  public SmtpFaults rejectLogin() {
    return rejectLogin(ALWAYS);
  }

  /** The next {@code attempts} {@code AUTH} commands are answered {@code 535 5.7.8}. */
  public SmtpFaults rejectLogin(int attempts) {
    rejectLogin.set(attempts);
    return this;
  }

  /**
   * {@code RCPT TO} for these is answered {@code 550 5.1.1} (no such user): each is an address
   * ({@code ada@example.com}) or, without {@code @}, a whole domain ({@code nowhere.test}).
   */
  public SmtpFaults unknownRecipients(String... addressesOrDomains) {
    for (var entry : addressesOrDomains) {
      unknown.add(entry.toLowerCase(Locale.ROOT));
    }
    return this;
  }

  /**
   * {@code RCPT TO} for these is answered {@code 450 4.2.1} (try again later): addresses or,
   * without {@code @}, whole domains.
   */
  public SmtpFaults deferRecipients(String... addressesOrDomains) {
    for (var entry : addressesOrDomains) {
      deferred.add(entry.toLowerCase(Locale.ROOT));
    }
    return this;
  }

  /**
   * The unknown outcome: the message data goes through to the relay, which accepts it (it counts in
   * {@link SmtpRelay#mails()} and its webhooks are posted, as a provider may have delivered it),
   * then the connection is closed before the client sees the {@code 250}.
   */
  public SmtpFaults dropAfterData() {
    return dropAfterData(ALWAYS);
  }

  /** The next {@code messages} messages end in a dropped connection after their data. */
  public SmtpFaults dropAfterData(int messages) {
    dropAfterData.set(messages);
    return this;
  }

  /** Every reply, the greeting included, comes {@code delay} late ({@code ZERO}: on time). */
  public SmtpFaults slowReplies(Duration delay) {
    replyDelay = delay;
    return this;
  }

  /** Switches every fault off. */
  public void clear() {
    blackHole.set(0);
    unavailable.set(0);
    rejectLogin.set(0);
    dropAfterData.set(0);
    unknown.clear();
    deferred.clear();
    replyDelay = Duration.ZERO;
  }

  boolean takeBlackHole() {
    return blackHole.take();
  }

  boolean takeUnavailable() {
    return unavailable.take();
  }

  boolean takeRejectLogin() {
    return rejectLogin.take();
  }

  boolean takeDropAfterData() {
    return dropAfterData.take();
  }

  Duration replyDelay() {
    return replyDelay;
  }

  /** The reply the relay gives instead of GreenMail's to {@code RCPT TO:<address>}, or null. */
  String recipientReply(String address) {
    if (matches(unknown, address)) {
      return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
    }
    if (matches(deferred, address)) {
      return "450 4.2.1 <" + address + ">: Mailbox temporarily unavailable, try again later";
    }
    return null;
  }

  private static boolean matches(Set<String> entries, String address) {
    var lower = address.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    return entries.contains(lower) || (at >= 0 && entries.contains(lower.substring(at + 1)));
  }

  /** Off (0), on for a number of uses, or always on (-1). */
  private static final class Countdown {
    private final AtomicInteger remaining = new AtomicInteger();

    void set(int uses) {
      if (uses < ALWAYS) {
        throw new IllegalArgumentException("uses must be positive: " + uses);
      }
      remaining.set(uses);
    }

    boolean take() {
      while (true) {
        int now = remaining.get();
        if (now == 0) {
          return false;
        }
        if (now == ALWAYS || remaining.compareAndSet(now, now - 1)) {
          return true;
        }
      }
    }
  }
}
