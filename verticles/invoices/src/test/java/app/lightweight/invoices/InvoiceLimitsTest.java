package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.http.Problem.FieldError;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceLimitsTest {

  private static final LineItem OK =
      SampleInvoices.lineItem("Consulting", "1", 100_000, "7.5", "0");

  @Test
  void aPlainInvoiceHasNoErrors() {
    assertThat(InvoiceLimits.validate("NGN", List.of(OK))).isEmpty();
  }

  @ParameterizedTest(name = "{1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          quantity   | 0          | /lines/1/quantity
          quantity   | -1         | /lines/1/quantity
          quantity   | 1000000.01 | /lines/1/quantity
          quantity   | 0.00001    | /lines/1/quantity
          tax_rate   | -0.5       | /lines/1/tax_rate
          tax_rate   | 100.5      | /lines/1/tax_rate
          tax_rate   | 7.12345    | /lines/1/tax_rate
          discount   | 101        | /lines/1/discount
          discount   | -1         | /lines/1/discount
          unit_price | -1         | /lines/1/unit_price
          unit_price | 1000000000001 | /lines/1/unit_price
          """)
  void pointsAtTheFieldOutsideItsLimits(String field, String value, String pointer) {
    LineItem bad =
        switch (field) {
          case "quantity" -> SampleInvoices.lineItem("x", value, 100, "0", "0");
          case "tax_rate" -> SampleInvoices.lineItem("x", "1", 100, value, "0");
          case "discount" -> SampleInvoices.lineItem("x", "1", 100, "0", value);
          default -> SampleInvoices.lineItem("x", "1", Long.parseLong(value), "0", "0");
        };

    assertThat(InvoiceLimits.validate("NGN", List.of(OK, bad)))
        .extracting(FieldError::pointer)
        .containsExactly(pointer);
  }

  @ParameterizedTest
  @CsvSource({"1000000, 1000000000000", "0.0001, 0", "1.5000, 1"})
  void acceptsTheEdgesOfTheLimits(String quantity, long unitPrice) {
    LineItem edge = SampleInvoices.lineItem("x", quantity, unitPrice, "100", "100");

    assertThat(InvoiceLimits.validate("NGN", List.of(edge))).isEmpty();
  }

  @Test
  void descriptionMustHaveOneToFiveHundredCharacters() {
    LineItem blank = SampleInvoices.lineItem("  ", "1", 100, "0", "0");
    LineItem tooLong = SampleInvoices.lineItem("x".repeat(501), "1", 100, "0", "0");
    LineItem longest = SampleInvoices.lineItem("ǅ".repeat(500), "1", 100, "0", "0");

    assertThat(InvoiceLimits.validate("NGN", List.of(blank, tooLong, longest)))
        .extracting(FieldError::pointer)
        .containsExactly("/lines/0/description", "/lines/1/description");
  }

  @Test
  void anInvoiceHasOneToFiveHundredLines() {
    assertThat(InvoiceLimits.validate("NGN", List.of()))
        .extracting(FieldError::pointer)
        .containsExactly("/lines");
    assertThat(InvoiceLimits.validate("NGN", Collections.nCopies(501, OK)))
        .extracting(FieldError::pointer)
        .containsExactly("/lines");
    assertThat(InvoiceLimits.validate("NGN", Collections.nCopies(500, OK))).isEmpty();
  }

  @Test
  void rejectsATotalThatDoesNotFitInALong() {
    LineItem largest = SampleInvoices.lineItem("x", "1000000", 1_000_000_000_000L, "0", "0");

    assertThat(InvoiceLimits.validate("NGN", Collections.nCopies(10, largest)))
        .containsExactly(new FieldError("/lines", "the invoice total is too large"));
  }

  @Test
  void rejectsAnUnknownCurrency() {
    assertThat(InvoiceLimits.validate("XYZ", List.of(OK)))
        .extracting(FieldError::pointer)
        .containsExactly("/currency");
  }

  @Test
  void notesHaveAtMostTwoThousandCharacters() {
    assertThat(InvoiceLimits.validateNotes("/notes", "n".repeat(2_000))).isEmpty();
    assertThat(InvoiceLimits.validateNotes("/notes", "n".repeat(2_001)))
        .extracting(FieldError::pointer)
        .containsExactly("/notes");
  }
}
