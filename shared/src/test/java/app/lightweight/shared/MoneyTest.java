package app.lightweight.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void minorUnitsFollowTheCurrency() {
    assertThat(Money.of(1250050, "NGN").toDecimal())
        .isEqualByComparingTo(new BigDecimal("12500.50"));
    assertThat(Money.of(1250, "JPY").toDecimal()).isEqualByComparingTo(new BigDecimal("1250"));
    assertThat(Money.of(1250, "KWD").toDecimal()).isEqualByComparingTo(new BigDecimal("1.250"));
  }

  @Test
  void unknownCurrencyIsRefused() {
    assertThatThrownBy(() -> Money.of(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Money.Currencies.isKnown("ngn")).isFalse();
    assertThat(Money.Currencies.isKnown("NGN")).isTrue();
  }

  @Test
  void arithmeticNeverMixesCurrenciesOrOverflowsSilently() {
    assertThat(Money.of(100, "EUR").plus(Money.of(5, "EUR"))).isEqualTo(Money.of(105, "EUR"));
    assertThatThrownBy(() -> Money.of(100, "EUR").plus(Money.of(5, "USD")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR")))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void jsonShapeIsAmountAndCurrency() {
    assertThat(Money.of(1250050, "NGN").toJson().encode())
        .isEqualTo("{\"amount\":1250050,\"currency\":\"NGN\"}");
    assertThat(Money.fromJson(Money.of(7, "GBP").toJson())).isEqualTo(Money.of(7, "GBP"));
  }
}
