package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests Vert.x rejects before any route (a request line or headers too long, a path it cannot
 * decode) are answered in problem+json like every other error, and leave the request metrics as
 * they were.
 */
class HttpLevelErrorsTest {
  private static Vertx vertx;
  private static ServiceFixture users;

  @BeforeAll
  static void startWithMetrics() {
    vertx = await(ClusteredVertx.start(new ClusterSettings("none", "127.0.0.1", 0, "test")));
    users = UsersUnderTest.fixture().start(vertx);
  }

  @AfterAll
  static void stop() {
    users.close();
    await(vertx.close());
  }

  @Test
  void aRequestLineTooLongIs414ProblemJson() throws Exception {
    assertProblem(exchange("GET /api/users/me?q=" + "a".repeat(9_000) + " HTTP/1.1\r\n\r\n"), 414);
  }

  @Test
  void headersTooLargeAre431ProblemJson() throws Exception {
    assertProblem(
        exchange("GET /api/users/me HTTP/1.1\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n"), 431);
  }

  @Test
  void aPathThatIsNotPercentEncodedIs400ProblemJson() throws Exception {
    assertProblem(exchange("GET /api/users/%zz HTTP/1.1\r\n\r\n"), 400);
    assertProblem(exchange("GET /api/users/me%e HTTP/1.1\r\n\r\n"), 400);
  }

  @Test
  void malformedHttpIs400ProblemJson() throws Exception {
    assertProblem(exchange("GET /api/users/me HTTP/1.1\r\nno colon here\r\n\r\n"), 400);
  }

  @Test
  void rejectedRequestsLeaveNoActiveRequestBehind() throws Exception {
    for (int i = 0; i < 5; i++) {
      exchange("GET /api/users/me?q=" + "a".repeat(9_000) + " HTTP/1.1\r\n\r\n");
      exchange("GET /api/users/me HTTP/1.1\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
      exchange("GET /api/users/%zz HTTP/1.1\r\n\r\n");
    }
    // the scrape itself is the one request in flight
    assertThat(activeRequests()).isEqualTo(1.0);
  }

  private static double activeRequests() throws IOException {
    String metrics = exchange("GET /metrics HTTP/1.1\r\n\r\n");
    Matcher active =
        Pattern.compile("(?m)^vertx_http_server_active_requests\\{[^}]*\\} (\\S+)$")
            .matcher(metrics);
    double sum = 0;
    boolean found = false;
    while (active.find()) {
      sum += Double.parseDouble(active.group(1));
      found = true;
    }
    assertThat(found).as(metrics).isTrue();
    return sum;
  }

  /** Writes the bytes as they are and reads the answer until the server closes the connection. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", users.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              request
                  .replace("HTTP/1.1\r\n", "HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        in.transferTo(answer);
      } catch (IOException reset) {
        // the server may reset after answering a request it did not read to the end
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static void assertProblem(String answer, int status) {
    // Netty answers a request line it could not read as HTTP/1.0
    assertThat(answer).as(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(head).contains("content-type: application/problem+json");
    JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
  }
}
