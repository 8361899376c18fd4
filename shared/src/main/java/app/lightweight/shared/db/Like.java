package app.lightweight.shared.db;

/** Search words as an ILIKE pattern. */
public final class Like {
  private Like() {}

  /** Matches the words anywhere in a text, with LIKE's own wildcards taken literally. */
  public static String anywhere(String words) {
    if (words == null || words.isBlank()) {
      return null;
    }
    String escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
