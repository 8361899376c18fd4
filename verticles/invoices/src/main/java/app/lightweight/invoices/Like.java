package app.lightweight.invoices;

/** Search words as an ILIKE pattern. */
final class Like {
  private Like() {}

  /** Matches the words anywhere in a text, with LIKE's own wildcards taken literally. */
  static String anywhere(String words) {
    if (words == null || words.isBlank()) {
      return null;
    }
    String escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
