package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Money;
import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rounding cases in {@code totals-cases.json}, which the web app's totals (web/src/app/invoices
 * /totals.spec.ts) are checked against too: one table, so the editor's live totals and the server's
 * agree to the minor unit.
 */
class TotalsCasesTest {

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = TotalsCasesTest.class.getResourceAsStream("/totals-cases.json")) {
      JsonArray cases =
          new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getJsonArray("cases");
      return cases.stream()
          .map(JsonObject.class::cast)
          .map(c -> Arguments.of(c.getString("name"), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverTotalsMatchTheSharedTable(String name, JsonObject testCase) {
    String currency = testCase.getString("currency");
    List<FieldError> errors = new ArrayList<>();
    List<LineItem> items = new ArrayList<>();
    JsonArray lines = testCase.getJsonArray("lines");
    for (int i = 0; i < lines.size(); i++) {
      JsonObject line = lines.getJsonObject(i).copy().put("description", "line " + (i + 1));
      items.add(LineItem.fromJson(line, "/lines/" + i, errors));
    }
    assertThat(errors).isEmpty();

    Totals totals = Totals.of(items, currency, testCase.getLong("amount_paid", 0L));

    assertThat(totals.subtotal().currency()).isEqualTo(currency);
    // through text, so both sides hold the numbers Jackson reads (Integer or Long) alike
    assertThat(new JsonObject(amounts(totals).encode()))
        .isEqualTo(testCase.getJsonObject("expected"));
  }

  /** The totals as the table writes them: amounts only, the currency being the case's. */
  private static JsonObject amounts(Totals totals) {
    JsonArray lines = new JsonArray();
    for (LineTotal line : totals.lines()) {
      lines.add(
          new JsonObject()
              .put("gross", line.gross().amount())
              .put("discount", line.discount().amount())
              .put("net", line.net().amount())
              .put("tax", line.tax().amount())
              .put("total", line.total().amount()));
    }
    JsonArray rates = new JsonArray();
    for (Map.Entry<BigDecimal, Money> rate : totals.taxByRate().entrySet()) {
      rates.add(new JsonArray().add(rate.getKey().toPlainString()).add(rate.getValue().amount()));
    }
    return new JsonObject()
        .put("lines", lines)
        .put("subtotal", totals.subtotal().amount())
        .put("discount", totals.discount().amount())
        .put("tax_by_rate", rates)
        .put("tax", totals.tax().amount())
        .put("total", totals.total().amount())
        .put("amount_paid", totals.paid().amount())
        .put("amount_due", totals.due().amount());
  }
}
