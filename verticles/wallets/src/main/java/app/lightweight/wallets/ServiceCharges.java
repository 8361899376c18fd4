package app.lightweight.wallets;

import app.lightweight.shared.Money;
import java.util.HashMap;
import java.util.Map;

/**
 * The service charge per currency, from a setting such as {@code NGN:150:10000:0,USD:290:30:50}
 * (currency : basis points : fixed minor units : minimum minor units). A currency not listed is not
 * charged.
 */
public record ServiceCharges(Map<String, ServiceCharge> byCurrency) {

  public ServiceCharges {
    byCurrency = Map.copyOf(byCurrency);
  }

  public static ServiceCharges parse(String setting) {
    Map<String, ServiceCharge> charges = new HashMap<>();
    if (setting == null || setting.isBlank()) {
      return new ServiceCharges(charges);
    }
    for (String item : setting.split(",")) {
      String[] parts = item.trim().split(":");
      if (parts.length != 4 || !Money.Currencies.isKnown(parts[0])) {
        throw new IllegalArgumentException(
            "a service charge is CUR:basis points:fixed:minimum, not " + item.trim());
      }
      charges.put(
          parts[0],
          new ServiceCharge(
              Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
    }
    return new ServiceCharges(charges);
  }

  public ServiceCharge of(String currency) {
    return byCurrency.getOrDefault(currency, ServiceCharge.NONE);
  }
}
