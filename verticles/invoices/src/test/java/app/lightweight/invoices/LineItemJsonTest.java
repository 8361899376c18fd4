package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineItemJsonTest {

  @Test
  void readsDecimalStringsAndMinorUnits() {
    JsonObject json =
        new JsonObject(
            """
            {"description": "Tea", "quantity": "0.333", "unit_price": 1250050,
             "tax_rate": "7.5", "discount": "10"}
            """);
    List<FieldError> errors = new ArrayList<>();

    LineItem line = LineItem.fromJson(json, "/lines/0", errors);

    assertThat(errors).isEmpty();
    assertThat(line)
        .isEqualTo(
            new LineItem(
                "Tea",
                new BigDecimal("0.333"),
                1_250_050,
                new BigDecimal("7.5"),
                new BigDecimal("10")));
    assertThat(line.toJson()).isEqualTo(json);
  }

  @Test
  void taxRateAndDiscountDefaultToZero() {
    List<FieldError> errors = new ArrayList<>();

    LineItem line =
        LineItem.fromJson(
            new JsonObject().put("description", "Tea").put("quantity", "1").put("unit_price", 5),
            "/lines/0",
            errors);

    assertThat(errors).isEmpty();
    assertThat(line.taxRate()).isZero();
    assertThat(line.discount()).isZero();
  }

  @Test
  void reportsEveryBadFieldWithItsPointer() {
    JsonObject json =
        new JsonObject()
            .put("quantity", 2.5)
            .put("unit_price", 10.5)
            .put("tax_rate", "7,5")
            .put("discount", "1e2");
    List<FieldError> errors = new ArrayList<>();

    LineItem line = LineItem.fromJson(json, "/lines/3", errors);

    assertThat(line).isNull();
    assertThat(errors)
        .extracting(FieldError::pointer)
        .containsExactly(
            "/lines/3/description",
            "/lines/3/quantity",
            "/lines/3/unit_price",
            "/lines/3/tax_rate",
            "/lines/3/discount");
  }

  @Test
  void partyRoundTripsThroughJson() {
    Party party = new Party("Ada Ltd", "a@ada.ng", List.of("1 Marina", "Lagos"), "TIN 1");

    assertThat(Party.fromJson(party.toJson())).isEqualTo(party);
    assertThat(Party.fromJson(new JsonObject().put("name", "B"))).isEqualTo(Party.named("B"));
  }
}
