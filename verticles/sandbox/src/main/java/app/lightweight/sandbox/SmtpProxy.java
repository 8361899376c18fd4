package app.lightweight.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's public port: an SMTP-aware proxy in front of GreenMail that injects {@link
 * SmtpFaults}. SMTP is strictly one reply per client line (pipelined commands simply wait in the
 * socket), so a session is one thread that reads a line, forwards it or answers it itself, and
 * passes the one reply back; after a {@code 354} it copies the message data verbatim up to the
 * final dot. One daemon thread per connection: a relay sees a handful at a time.
 */
final class SmtpProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SmtpProxy.class);
  private static final int MAX_LINE = 1 << 20;
  private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final int upstreamPort;
  private final SmtpFaults faults;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ServerSocket server;

  private SmtpProxy(String name, int upstreamPort, SmtpFaults faults, ServerSocket server) {
    this.name = name;
    this.upstreamPort = upstreamPort;
    this.faults = faults;
    this.server = server;
  }

  /** Listens on {@code 127.0.0.1:port} (0 = a free port) and forwards to GreenMail's port. */
  static SmtpProxy listen(String name, int port, int upstreamPort, SmtpFaults faults) {
    try {
      var server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(Ports.LOOPBACK, port), 50);
      var proxy = new SmtpProxy(name, upstreamPort, faults, server);
      var acceptor = new Thread(proxy::accept, "smtp-relay-" + name + "-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP relay " + name + " could not listen on " + port, e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Stops listening and cuts every open connection. */
  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(SmtpProxy::closeQuietly);
    open.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        var client = server.accept();
        open.add(client);
        if (server.isClosed()) {
          closeQuietly(client); // close() ran between accept and add: it did not see this one
          return;
        }
        var session = new Thread(() -> serve(client), "smtp-relay-" + name + "-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("SMTP relay {} could not accept a connection", name, e);
        }
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try {
      if (faults.takeBlackHole()) {
        drain(client.getInputStream());
        return;
      }
      var toClient = new BufferedOutputStream(client.getOutputStream());
      if (faults.takeUnavailable()) {
        reply(toClient, SmtpFaults.UNAVAILABLE + "\r\n");
        return;
      }
      upstream = new Socket(Ports.LOOPBACK, upstreamPort);
      // whole replies and commands are flushed at once: Nagle would only add delayed-ACK stalls
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      open.add(upstream);
      new Session(
              new BufferedInputStream(client.getInputStream()),
              toClient,
              new BufferedInputStream(upstream.getInputStream()),
              new BufferedOutputStream(upstream.getOutputStream()))
          .run();
    } catch (SocketException e) {
      // the client, GreenMail or stop() closed the connection: the session is over
    } catch (IOException e) {
      log.debug("SMTP relay {}: session ended", name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      open.remove(client);
      if (upstream != null) {
        closeQuietly(upstream);
        open.remove(upstream);
      }
    }
  }

  private final class Session {
    private final InputStream fromClient;
    private final OutputStream toClient;
    private final InputStream fromUpstream;
    private final OutputStream toUpstream;

    Session(
        InputStream fromClient,
        OutputStream toClient,
        InputStream fromUpstream,
        OutputStream toUpstream) {
      this.fromClient = fromClient;
      this.toClient = toClient;
      this.fromUpstream = fromUpstream;
      this.toUpstream = toUpstream;
    }

    void run() throws IOException, InterruptedException {
      if (!pass(readReply(fromUpstream))) {
        return;
      }
      while (true) {
        byte[] line = readLine(fromClient);
        if (line == null) {
          return;
        }
        var command = new String(line, StandardCharsets.US_ASCII).trim();
        var verb = verb(command);
        if (verb.equals("AUTH") && faults.takeRejectLogin()) {
          refuseLogin(command);
          continue;
        }
        if (verb.equals("RCPT")) {
          var refusal = faults.recipientReply(address(command));
          if (refusal != null) {
            reply(toClient, refusal + "\r\n");
            continue;
          }
        }
        forward(line);
        var answer = readReply(fromUpstream);
        if (verb.equals("DATA") && answer != null && answer.startsWith("354")) {
          reply(toClient, answer);
          copyData();
          answer = readReply(fromUpstream);
          if (faults.takeDropAfterData()) {
            log.info("SMTP relay {}: connection dropped after the message data (fault)", name);
            return;
          }
        }
        if (!pass(answer) || verb.equals("QUIT")) {
          return;
        }
      }
    }

    /** Answers an AUTH exchange itself with 535, as a provider does for a rejected login. */
    private void refuseLogin(String command) throws IOException, InterruptedException {
      var words = command.split("\\s+");
      boolean initialResponse = words.length > 2;
      if (!initialResponse) {
        var mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        if (mechanism.equals("LOGIN")) {
          reply(toClient, "334 VXNlcm5hbWU6\r\n");
          readLine(fromClient);
          reply(toClient, "334 UGFzc3dvcmQ6\r\n");
        } else {
          reply(toClient, "334 \r\n");
        }
        readLine(fromClient);
      }
      reply(toClient, SmtpFaults.BAD_LOGIN + "\r\n");
    }

    private void copyData() throws IOException {
      while (true) {
        byte[] line = readLine(fromClient);
        if (line == null) {
          throw new SocketException("client left during DATA");
        }
        toUpstream.write(line);
        if (Arrays.equals(line, END_OF_DATA)) {
          toUpstream.flush();
          return;
        }
      }
    }

    private void forward(byte[] line) throws IOException {
      toUpstream.write(line);
      toUpstream.flush();
    }

    private boolean pass(String answer) throws IOException, InterruptedException {
      if (answer == null) {
        return false;
      }
      reply(toClient, answer);
      return true;
    }
  }

  private void reply(OutputStream out, String answer) throws IOException, InterruptedException {
    var delay = faults.replyDelay();
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    out.write(answer.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One reply, all its lines ({@code 250-...} up to {@code 250 ...}); null if the peer left. */
  private static String readReply(InputStream in) throws IOException {
    var reply = new StringBuilder();
    while (true) {
      byte[] line = readLine(in);
      if (line == null) {
        return null;
      }
      var text = new String(line, StandardCharsets.US_ASCII);
      reply.append(text);
      if (text.length() < 4 || text.charAt(3) != '-') {
        return reply.toString();
      }
    }
  }

  /** One line with its line end, or null at the end of the stream. */
  private static byte[] readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toByteArray();
      }
      line.write(b);
      if (b == '\n') {
        return line.toByteArray();
      }
      if (line.size() > MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
    }
  }

  private static String verb(String command) {
    int space = command.indexOf(' ');
    return (space < 0 ? command : command.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  /** The address in {@code RCPT TO:<address> [parameters]}. */
  private static String address(String command) {
    int open = command.indexOf('<');
    int close = command.indexOf('>', open + 1);
    if (open >= 0 && close > open) {
      return command.substring(open + 1, close);
    }
    int colon = command.indexOf(':');
    return colon < 0 ? "" : command.substring(colon + 1).trim().split("\\s+")[0];
  }

  private static void drain(InputStream in) throws IOException {
    var sink = new byte[4096];
    while (in.read(sink) >= 0) {
      // a black hole reads what it is sent and never answers
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is best effort: the socket is gone either way
    }
  }
}
