package app.lightweight.wallets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceChargeTest {

  @Test
  void theProportionalPartRoundsHalfToEven() {
    ServiceCharge onePercent = new ServiceCharge(100, 0, 0);
    assertThat(onePercent.on(250)).isEqualTo(2); // 2.5 → 2
    assertThat(onePercent.on(350)).isEqualTo(4); // 3.5 → 4
    assertThat(onePercent.on(251)).isEqualTo(3); // 2.51 → 3
    assertThat(onePercent.on(249)).isEqualTo(2); // 2.49 → 2
    assertThat(new ServiceCharge(150, 0, 0).on(100)).isEqualTo(2); // 1.5 → 2
    assertThat(new ServiceCharge(150, 0, 0).on(300)).isEqualTo(4); // 4.5 → 4
  }

  @Test
  void theFixedPartIsAddedAndTheMinimumApplies() {
    ServiceCharge rule = new ServiceCharge(150, 10_000, 0);
    assertThat(rule.on(1_000_000)).isEqualTo(15_000 + 10_000);
    ServiceCharge withMinimum = new ServiceCharge(100, 0, 50);
    assertThat(withMinimum.on(1_000)).isEqualTo(50);
    assertThat(withMinimum.on(10_000)).isEqualTo(100);
  }

  @Test
  void theChargeNeverExceedsTheAmount() {
    assertThat(new ServiceCharge(100, 30, 50).on(20)).isEqualTo(20);
  }

  @Test
  void chargesAreReadPerCurrencyAndAnUnlistedCurrencyIsFree() {
    ServiceCharges charges = ServiceCharges.parse("NGN:150:10000:0, USD:290:30:50");
    assertThat(charges.of("NGN")).isEqualTo(new ServiceCharge(150, 10_000, 0));
    assertThat(charges.of("USD").on(10_000)).isEqualTo(320);
    assertThat(charges.of("EUR")).isEqualTo(ServiceCharge.NONE);
  }
}
