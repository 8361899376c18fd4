package app.lightweight.wallets;

import app.lightweight.shared.Money;
import app.lightweight.wallets.ledger.Line;
import java.util.List;

/** A wallet's history as CSV (RFC 4180), amounts in major units: {@code 125.50}. */
final class TransactionsCsv {
  static final String HEADER =
      "created_at,transfer_id,kind,amount,currency,balance_after,counterparty,counterparty_name,"
          + "reference\r\n";

  private TransactionsCsv() {}

  static String lines(List<Line> lines) {
    StringBuilder csv = new StringBuilder();
    for (Line line : lines) {
      csv.append(line.at())
          .append(',')
          .append(field(line.transferId()))
          .append(',')
          .append(field(line.kind()))
          .append(',')
          .append(Money.of(line.amount(), line.currency()).toDecimal().toPlainString())
          .append(',')
          .append(line.currency())
          .append(',')
          .append(Money.of(line.balanceAfter(), line.currency()).toDecimal().toPlainString())
          .append(',')
          .append(field(line.counterparty()))
          .append(',')
          .append(field(line.counterpartyName()))
          .append(',')
          .append(field(line.reference()))
          .append("\r\n");
    }
    return csv.toString();
  }

  /** Quoted when needed; a leading = + - @ is defused so a spreadsheet does not run it. */
  static String field(String value) {
    if (value == null) {
      return "";
    }
    String safe = value;
    if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe;
    }
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
