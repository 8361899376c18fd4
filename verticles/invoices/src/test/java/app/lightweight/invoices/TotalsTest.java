package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotalsTest {

  @ParameterizedTest(name = "{0}: {1} × {2} {3}, discount {4}%, tax {5}%")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # case                          | qty    | unit price | cur | disc | tax  | gross | discount | net   | tax
          plain line                      | 1      | 100        | NGN | 0    | 0    | 100   | 0        | 100   | 0
          half a unit rounds down to even | 0.5    | 1          | NGN | 0    | 0    | 0     | 0        | 0     | 0
          half a unit rounds up to even   | 1.5    | 1          | NGN | 0    | 0    | 2     | 0        | 2     | 0
          2.5 units round down to even    | 2.5    | 1          | NGN | 0    | 0    | 2     | 0        | 2     | 0
          half-kobo tax goes down to even | 1      | 10         | NGN | 0    | 5    | 10    | 0        | 10    | 0
          half-kobo tax goes up to even   | 1      | 30         | NGN | 0    | 5    | 30    | 0        | 30    | 2
          half-kobo discount goes down    | 1      | 10         | NGN | 5    | 0    | 10    | 0        | 10    | 0
          half-kobo discount goes up      | 1      | 30         | NGN | 5    | 0    | 30    | 2        | 28    | 0
          VAT 7.5 % on ₦1,000.00          | 1      | 100000     | NGN | 0    | 7.5  | 100000| 0        | 100000| 7500
          zero tax                        | 3      | 250050     | NGN | 0    | 0    | 750150| 0        | 750150| 0
          full discount leaves nothing    | 2      | 250000     | NGN | 100  | 7.5  | 500000| 500000   | 0     | 0
          tax is on the discounted net    | 1      | 100000     | NGN | 10   | 7.5  | 100000| 10000    | 90000 | 6750
          a third of a unit               | 0.333  | 100000     | NGN | 0    | 7.5  | 33300 | 0        | 33300 | 2498
          four-decimal quantity           | 0.3333 | 1          | NGN | 0    | 0    | 0     | 0        | 0     | 0
          four-decimal tax rate           | 1      | 1000000    | NGN | 0    | 7.1250 | 1000000 | 0    | 1000000 | 71250
          yen have no minor units         | 3      | 1999       | JPY | 0    | 10   | 5997  | 0        | 5997  | 600
          half a yen of tax goes to even  | 1      | 5          | JPY | 0    | 10   | 5     | 0        | 5     | 0
          one and a half yen goes to even | 1      | 15         | JPY | 0    | 10   | 15    | 0        | 15    | 2
          dinar have three decimals       | 1.25   | 1001       | KWD | 0    | 5    | 1251  | 0        | 1251  | 63
          largest line fits in a long     | 1000000| 1000000000000 | NGN | 0 | 0   | 1000000000000000000 | 0 | 1000000000000000000 | 0
          """)
  void roundsEachLineHalfEvenToMinorUnits(
      String name,
      String quantity,
      long unitPrice,
      String currency,
      String discount,
      String tax,
      long expectedGross,
      long expectedDiscount,
      long expectedNet,
      long expectedTax) {
    LineTotal line =
        Totals.line(SampleInvoices.lineItem("x", quantity, unitPrice, tax, discount), currency);

    assertThat(line)
        .isEqualTo(
            new LineTotal(
                Money.of(expectedGross, currency),
                Money.of(expectedDiscount, currency),
                Money.of(expectedNet, currency),
                Money.of(expectedTax, currency)));
  }

  @Test
  void sumsRoundedLinesNotExactAmounts() {
    // each line's tax is 0.5 kobo, rounded to 0: the invoice's tax is 0, not 1.5 → 2
    List<LineItem> lines =
        List.of(
            SampleInvoices.lineItem("a", "1", 10, "5", "0"),
            SampleInvoices.lineItem("b", "1", 10, "5", "0"),
            SampleInvoices.lineItem("c", "1", 10, "5", "0"));

    Totals totals = Totals.of(lines, "NGN", 0);

    assertThat(totals.tax()).isEqualTo(Money.of(0, "NGN"));
    assertThat(totals.total()).isEqualTo(Money.of(30, "NGN"));
  }

  @Test
  void groupsTaxByRateWhateverTheRateIsWrittenAs() {
    List<LineItem> lines =
        List.of(
            SampleInvoices.lineItem("a", "1", 100_000, "7.5", "0"),
            SampleInvoices.lineItem("b", "2", 100_000, "7.50", "10"),
            SampleInvoices.lineItem("c", "1", 50_000, "0", "0"),
            SampleInvoices.lineItem("d", "1", 100_000, "20", "0"));

    Totals totals = Totals.of(lines, "NGN", 100_000);

    assertThat(totals.subtotal()).isEqualTo(Money.of(450_000, "NGN"));
    assertThat(totals.discount()).isEqualTo(Money.of(20_000, "NGN"));
    assertThat(totals.taxByRate())
        .containsExactly(
            Map.entry(new BigDecimal("0"), Money.of(0, "NGN")),
            Map.entry(new BigDecimal("7.5"), Money.of(7_500 + 13_500, "NGN")),
            Map.entry(new BigDecimal("20"), Money.of(20_000, "NGN")));
    assertThat(totals.tax()).isEqualTo(Money.of(41_000, "NGN"));
    assertThat(totals.total()).isEqualTo(Money.of(450_000 - 20_000 + 41_000, "NGN"));
    assertThat(totals.paid()).isEqualTo(Money.of(100_000, "NGN"));
    assertThat(totals.due()).isEqualTo(Money.of(371_000, "NGN"));
  }

  @Test
  void amountDueIsNegativeWhenOverpaid() {
    Totals totals =
        Totals.of(List.of(SampleInvoices.lineItem("a", "1", 1_000, "0", "0")), "USD", 1_500);

    assertThat(totals.due()).isEqualTo(Money.of(-500, "USD"));
  }

  @Test
  void theSampleInvoiceComesToExactlyOneMillionEightHundredAndFiftyThousandNaira() {
    Totals totals = Totals.of(SampleInvoices.simple());

    assertThat(totals.total()).isEqualTo(Money.of(185_000_000, "NGN"));
  }

  @Test
  void jsonHasMoneyObjectsAndRatesAsDecimalStrings() {
    Totals totals =
        Totals.of(List.of(SampleInvoices.lineItem("a", "1", 100_000, "7.5", "0")), "NGN", 0);

    var json = totals.toJson();

    assertThat(json.getJsonObject("total").getLong("amount")).isEqualTo(107_500);
    assertThat(json.getJsonObject("total").getString("currency")).isEqualTo("NGN");
    assertThat(json.getJsonArray("tax_by_rate").getJsonObject(0).getString("rate"))
        .isEqualTo("7.5");
    assertThat(json.getJsonObject("amount_due").getLong("amount")).isEqualTo(107_500);
  }
}
