package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.customer;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;

import app.lightweight.shared.testing.ContractFuzzer;
import app.lightweight.shared.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation of the contract, attacked: no 5xx, 4xx problem+json, nothing stored changed. */
class InvoicesFuzzTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();

  @Test
  void hostileRequestsToEveryOperationAreRefusedAndChangeNothing() throws Exception {
    String token = invoices.token("fuzzed-studio");
    String customerId = createCustomer(invoices, token, customer("Kept Ltd")).getString("id");
    String draftId = createInvoice(invoices, token, invoice("Draft Ltd")).getString("id");
    String issued = createInvoice(invoices, token, invoice("Issued Ltd")).getString("id");
    String payLink = issue(invoices, token, issued).getString("pay_url");

    ContractFuzzer.of(invoices, InvoicesVerticle.CONTRACT)
        .subject("fuzzed-studio")
        .value("customerId", customerId)
        .value("invoiceId", draftId, issued)
        .value("token", payLink.substring(payLink.lastIndexOf('/') + 1))
        .value("If-Match", "\"1\"")
        .run();
  }
}
