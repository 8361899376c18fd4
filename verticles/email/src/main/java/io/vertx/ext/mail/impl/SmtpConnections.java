package io.vertx.ext.mail.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailClient;

/**
 * The few package-private steps of vertx-mail-client 5.0.7 the email service needs to run an SMTP
 * transaction one command at a time: the library's pool does the connection, greeting, EHLO,
 * STARTTLS and AUTH (or RSET on a kept connection); the service sends MAIL, RCPT, DATA and the
 * message itself, so it knows which stage a fault came in and can bound every reply.
 */
public final class SmtpConnections {
  private SmtpConnections() {}

  /** A connection that has been greeted, EHLO'd and authenticated (or RSET when kept). */
  public static Future<SMTPConnection> acquire(MailClient client, String ehloHostname) {
    return ((MailClientImpl) client).getConnectionPool().getConnection(ehloHostname);
  }

  /** Sends one command line and waits for the whole reply. */
  public static Future<SMTPResponse> command(SMTPConnection connection, String line) {
    return connection.write(line);
  }

  /**
   * Writes message data, already as the wire's bytes (no reply expected until the final dot). The
   * library's own {@code writeLineWithDrain} takes a String and encodes it char by char; the future
   * completes once the bytes are written to the socket.
   */
  public static Future<Void> data(SMTPConnection connection, Buffer bytes) {
    return connection.getSocket().write(bytes);
  }

  /** Back to the pool for the next message (closed instead if it may not be kept). */
  public static Future<Void> release(SMTPConnection connection) {
    return connection.returnToPool();
  }

  /** QUIT and close, for a connection whose transaction failed but that still answers. */
  public static Future<Void> quit(SMTPConnection connection) {
    return connection.quitCloseConnection();
  }

  /** Closes the socket at once; a reply still awaited fails. */
  public static void cut(SMTPConnection connection) {
    connection.shutdown();
  }

  public static int replyCode(SMTPResponse response) {
    return parse(response.getValue());
  }

  private static int parse(String reply) {
    try {
      return Integer.parseInt(reply.substring(0, 3));
    } catch (RuntimeException notAReply) {
      return 500;
    }
  }
}
