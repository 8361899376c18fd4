package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The render's {@code number} names the PDF file: whatever it holds, the answer is a PDF with one
 * {@code filename} and the exact name in {@code filename*} (RFC 6266), never a hang.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdfFilenameTest {
  private static final Pattern EXACT = Pattern.compile("filename\\*=UTF-8''([^;\\s]*)");

  private final HttpClient http = HttpClient.newHttpClient();
  private ServiceFixture invoices;
  private String token;

  @BeforeAll
  void start() {
    invoices = InvoicesUnderTest.fixture().start();
  }

  @AfterAll
  void stop() {
    invoices.close();
  }

  @BeforeEach
  void clean() {
    invoices.clean();
    token = invoices.token("filename-studio");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INV\"; filename=\"evil.exe",
        "INV-1\r\nSet-Cookie: a=b",
        "INV\n2",
        "INV\t2",
        "Ọkafọ̀r-7 ½",
        "a\\b"
      })
  void anyNumberGivesAPdfWithOneSafeFilename(String number) throws Exception {
    HttpResponse<byte[]> pdf = render(invoice("Filename Ltd").put("number", number));

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    String disposition = pdf.headers().firstValue("Content-Disposition").orElseThrow();
    assertThat(pdf.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(parameterNames(disposition))
        .as(disposition)
        .containsExactly("filename", "filename*");
    Matcher exact = EXACT.matcher(disposition);
    assertThat(exact.find()).as(disposition).isTrue();
    assertThat(URLDecoder.decode(exact.group(1).replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(number + ".pdf");
  }

  /** The parameters' names, read as RFC 6266 does: quoted strings may hold ; and =. */
  private static List<String> parameterNames(String header) {
    List<String> names = new ArrayList<>();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int equals = header.indexOf('=', i);
      names.add(header.substring(i + 1, equals).trim());
      int j = equals + 1;
      if (j < header.length() && header.charAt(j) == '"') {
        j++;
        while (header.charAt(j) != '"') {
          j += header.charAt(j) == '\\' ? 2 : 1;
        }
        j++;
      }
      i = header.indexOf(';', j);
    }
    return names;
  }

  private HttpResponse<byte[]> render(JsonObject body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + invoices.port() + "/api/invoices/render"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
