package app.lightweight.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request of {@link ContractFuzzer}, written to a socket byte for byte: the target goes out as
 * given (bad percent-escapes, dot segments and all), which no HTTP client library allows.
 *
 * @param mutation what was broken, e.g. {@code "NUL in /lines/0/description"}
 * @param operationId the contract's operation the request started from
 * @param target the raw request target, path and query
 * @param headers sent in order; {@code Host}, {@code Connection} and {@code Content-Length} are
 *     added
 * @param body the raw body, or null for none
 */
public record FuzzRequest(
    String mutation,
    String operationId,
    String method,
    String target,
    Map<String, String> headers,
    byte[] body) {

  /** The answer, or {@code status} 0 when the service did not answer in time. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public Answer send(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      try {
        in.transferTo(answer);
      } catch (SocketTimeoutException hang) {
        return new Answer(0, Map.of(), "no answer within 30 s");
      } catch (IOException reset) {
        // the server may reset after answering a request whose body it did not read
      }
      return parse(answer.toByteArray());
    }
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new Answer(0, Map.of(), "not an HTTP answer: " + abbreviate(text, 200));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      body.append(chunked, start, Math.min(chunked.length(), start + size));
      at = start + size + 2;
    }
    return body.toString();
  }

  /** The request as a reader can replay it: method, target, headers and the start of the body. */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(mutation + " [" + operationId + "]\n  " + method + " ")
            .append(abbreviate(target, 300));
    headers.forEach(
        (name, value) ->
            text.append("\n  ").append(name).append(": ").append(abbreviate(value, 120)));
    if (body != null) {
      text.append("\n  body (")
          .append(body.length)
          .append(" bytes): ")
          .append(abbreviate(new String(body, StandardCharsets.UTF_8), 300));
    }
    return text.toString();
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
  }
}
