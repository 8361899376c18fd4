package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Invoice numbers are gap-free per business and year, whatever the concurrency or failures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceNumbersTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();

  @Test
  void fiftyConcurrentIssuesGetNumbersOneToFiftyWithoutGapOrRepeat() throws Exception {
    String token = invoices.token("busy-studio");
    List<String> drafts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      drafts.add(createInvoice(invoices, token, invoice("Customer " + i)).getString("id"));
    }

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> issues =
        drafts.stream()
            .map(
                id ->
                    client.sendAsync(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + invoices.port()
                                        + "/api/invoices/"
                                        + id
                                        + "/issue"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();
    CompletableFuture.allOf(issues.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    List<String> numbers = new ArrayList<>();
    for (var issue : issues) {
      HttpResponse<String> response = issue.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      numbers.add(new JsonObject(response.body()).getString("number"));
    }
    assertThat(numbers)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, 50).mapToObj(n -> String.format("INV-2026-%06d", n)).toList());
    assertThat(invoices.rows("select number from invoices where number is not null")).hasSize(50);
  }

  @Test
  void anIssueThatRollsBackGivesItsNumberBack() throws Exception {
    String token = invoices.token("unlucky-studio");
    String doomed =
        createInvoice(invoices, token, invoice("Doomed Ltd").put("notes", "explode"))
            .getString("id");
    String next = createInvoice(invoices, token, invoice("Next Ltd")).getString("id");
    // the issuing transaction fails after it took a number, as a crash or a lost connection would
    invoices.rows(
        """
        create or replace function fail_issue() returns trigger language plpgsql as $$
        begin
          if new.status = 'issued' and new.notes = 'explode' then
            raise exception 'simulated failure while issuing';
          end if;
          return new;
        end $$;
        create trigger fail_issue before update on invoices for each row
        execute function fail_issue();
        """);
    try {
      assertThat(invoices.post("/api/invoices/" + doomed + "/issue", token).statusCode())
          .isEqualTo(500);
    } finally {
      invoices.rows("drop trigger fail_issue on invoices; drop function fail_issue();");
    }

    assertThat(issue(invoices, token, next).getString("number")).isEqualTo("INV-2026-000001");
    assertThat(issue(invoices, token, doomed).getString("number")).isEqualTo("INV-2026-000002");
  }

  @Test
  void eachBusinessAndEachYearHasItsOwnSequence() throws Exception {
    String ada = invoices.token("ada-studio");
    String bola = invoices.token("bola-bakery");
    String ada2026 = createInvoice(invoices, ada, invoice("A")).getString("id");
    String ada2025 =
        createInvoice(invoices, ada, invoice("B").put("issue_date", "2025-12-31")).getString("id");
    String bola2026 = createInvoice(invoices, bola, invoice("C")).getString("id");

    assertThat(issue(invoices, ada, ada2026).getString("number")).isEqualTo("INV-2026-000001");
    assertThat(issue(invoices, ada, ada2025).getString("number")).isEqualTo("INV-2025-000001");
    assertThat(issue(invoices, bola, bola2026).getString("number")).isEqualTo("INV-2026-000001");
  }
}
