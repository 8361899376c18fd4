package app.lightweight.invoices.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Money;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          185000000   | NGN | ₦1,850,000.00
          123450      | EUR | €1,234.50
          5           | GBP | £0.05
          1200000     | JPY | ¥1,200,000
          99999       | INR | ₹999.99
          -550        | USD | -$5.50
          0           | USD | $0.00
          100000      | KES | KES 1,000.00
          1234567     | KWD | KWD 1,234.567
          100         | NGN | ₦1.00
          """)
  void writesSymbolGroupingAndTheCurrencysDecimals(long amount, String currency, String text) {
    assertThat(MoneyFormat.format(Money.of(amount, currency))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"7.5000, 7.5%", "10, 10%", "0.3333, 0.3333%", "100.00, 100%"})
  void writesPercentagesWithoutNeedlessZeros(String percent, String text) {
    assertThat(MoneyFormat.percent(new BigDecimal(percent))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"1200, '1,200'", "0.3330, 0.333", "1000000, '1,000,000'", "2.5, 2.5"})
  void writesQuantitiesWithGrouping(String quantity, String text) {
    assertThat(MoneyFormat.quantity(new BigDecimal(quantity))).isEqualTo(text);
  }
}
