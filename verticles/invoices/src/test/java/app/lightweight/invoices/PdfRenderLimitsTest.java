package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rendering is bounded: with room for one render at a time, a burst of different PDFs gets quick
 * 503s with Retry-After rather than a growing queue, while a burst for the same PDF shares one
 * render.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdfRenderLimitsTest {
  private static final int BURST = 12;

  @RegisterExtension
  static final ServiceFixture invoices =
      InvoicesUnderTest.fixture().env("PDF_MAX_RENDERS", "1").keepDataBetweenTests();

  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    token = invoices.token("busy-studio");
  }

  @Test
  void aBurstOfDifferentPdfsBeyondTheLimitIsTurnedAwayWith503() throws Exception {
    List<HttpResponse<String>> answers =
        burst(IntStream.range(0, BURST).mapToObj(n -> longInvoice("burst " + n)).toList());

    List<HttpResponse<String>> refused =
        answers.stream().filter(answer -> answer.statusCode() == 503).toList();
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(200, 503));
    assertThat(refused).isNotEmpty();
    assertThat(answers).anySatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    assertThat(refused)
        .allSatisfy(
            answer -> {
              assertThat(answer.headers().firstValue("Retry-After")).contains("1");
              assertThat(answer.headers().firstValue("Content-Type"))
                  .contains("application/problem+json");
              assertThat(new JsonObject(answer.body()).getInteger("status")).isEqualTo(503);
            });

    // every slot was given back: the next render goes through
    HttpResponse<byte[]> after =
        invoices.postForBytes("/api/invoices/render", token, longInvoice("after the burst"));
    assertThat(after.statusCode()).isEqualTo(200);
  }

  @Test
  void aBurstForTheSamePdfSharesOneRender() throws Exception {
    JsonObject same = longInvoice("the same one");
    List<HttpResponse<String>> answers =
        burst(IntStream.range(0, BURST).mapToObj(n -> same).toList());

    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
    assertThat(answers.stream().map(a -> a.headers().firstValue("ETag").orElseThrow()).distinct())
        .hasSize(1);
  }

  private List<HttpResponse<String>> burst(List<JsonObject> bodies) {
    List<CompletableFuture<HttpResponse<String>>> sent =
        bodies.stream()
            .map(
                body ->
                    http.sendAsync(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:" + invoices.port() + "/api/invoices/render"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();
    return sent.stream().map(CompletableFuture::join).toList();
  }

  /** 500 lines: long enough to render that a burst arrives while the first is still running. */
  private static JsonObject longInvoice(String notes) {
    JsonArray lines = new JsonArray();
    for (int i = 1; i <= InvoiceLimits.MAX_LINES; i++) {
      lines.add(line("Consulting, session " + i, "1.5", 12_500_00L, "7.5"));
    }
    return invoice("Busy Customer Ltd").put("lines", lines).put("notes", notes);
  }
}
