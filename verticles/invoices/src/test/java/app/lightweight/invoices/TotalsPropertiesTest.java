package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of {@link Totals} over random invoices within the limits (jqwik). */
class TotalsPropertiesTest {

  @Property
  void totalIsTheSumOfLineNetsAndTaxes(
      @ForAll("invoices") List<LineItem> lines, @ForAll("currencies") String currency) {
    Totals totals = Totals.of(lines, currency, 0);

    long sumOfLines = totals.lines().stream().mapToLong(line -> line.total().amount()).sum();
    assertThat(totals.total().amount()).isEqualTo(sumOfLines);
    assertThat(totals.total())
        .isEqualTo(totals.subtotal().minus(totals.discount()).plus(totals.tax()));
    long taxByRate = totals.taxByRate().values().stream().mapToLong(Money::amount).sum();
    assertThat(taxByRate).isEqualTo(totals.tax().amount());
  }

  @Property
  void amountDueIsTotalLessPaid(
      @ForAll("invoices") List<LineItem> lines,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long paid) {
    Totals totals = Totals.of(lines, "NGN", paid);

    assertThat(totals.due().amount()).isEqualTo(totals.total().amount() - paid);
  }

  @Property
  void eachLineIsWithinHalfAMinorUnitOfExactAtEachStep(@ForAll("lines") LineItem item) {
    LineTotal line = Totals.line(item, "NGN");

    BigDecimal exactGross = item.quantity().multiply(BigDecimal.valueOf(item.unitPrice()));
    assertThat(exactGross.subtract(BigDecimal.valueOf(line.gross().amount())).abs())
        .isLessThanOrEqualTo(new BigDecimal("0.5"));
    assertThat(line.net().amount()).isBetween(0L, line.gross().amount());
    assertThat(line.tax().amount()).isBetween(0L, line.net().amount());
  }

  @Property
  void invoicesWithinTheLimitsPassValidation(@ForAll("invoices") List<LineItem> lines) {
    assertThat(InvoiceLimits.validate("NGN", lines)).isEmpty();
  }

  /**
   * Up to 8 lines anywhere in the limits (8 × 10^18 still fits in a long), or up to 500 lines of
   * everyday sizes.
   */
  @Provide
  Arbitrary<List<LineItem>> invoices() {
    return Arbitraries.oneOf(
        lines().list().ofMinSize(1).ofMaxSize(8),
        everydayLines().list().ofMinSize(1).ofMaxSize(InvoiceLimits.MAX_LINES));
  }

  @Provide
  Arbitrary<LineItem> lines() {
    return lineOf(
        Arbitraries.bigDecimals()
            .between(new BigDecimal("0.0001"), InvoiceLimits.MAX_QUANTITY)
            .ofScale(4),
        Arbitraries.longs().between(0, InvoiceLimits.MAX_UNIT_PRICE));
  }

  private Arbitrary<LineItem> everydayLines() {
    return lineOf(
        Arbitraries.bigDecimals()
            .between(new BigDecimal("0.0001"), new BigDecimal("1000"))
            .ofScale(4),
        Arbitraries.longs().between(0, 100_000_000));
  }

  private static Arbitrary<LineItem> lineOf(
      Arbitrary<BigDecimal> quantities, Arbitrary<Long> unitPrices) {
    Arbitrary<BigDecimal> percents =
        Arbitraries.oneOf(
            Arbitraries.of(BigDecimal.ZERO, new BigDecimal("7.5"), new BigDecimal("100")),
            Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100")).ofScale(4));
    return Combinators.combine(quantities, unitPrices, percents, percents)
        .as(
            (quantity, price, tax, discount) ->
                new LineItem("item", quantity, price, tax, discount));
  }

  @Provide
  Arbitrary<String> currencies() {
    return Arbitraries.of("NGN", "JPY", "KWD", "USD", "EUR");
  }
}
