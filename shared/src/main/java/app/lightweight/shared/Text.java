package app.lightweight.shared;

import app.lightweight.shared.http.Problem;

/** What counts as text a person can see: names must have at least one visible character. */
public final class Text {
  private Text() {}

  /**
   * Whether the text has a character that shows: not only spaces of any kind (NBSP, em space,
   * ideographic space), line or paragraph separators, control characters, format characters (the
   * zero-width ones), lone combining marks or the blank fillers some scripts have.
   */
  public static boolean isVisible(String text) {
    return text != null && text.codePoints().anyMatch(Text::isVisible);
  }

  /** Whether the text holds a control character (NUL, CR, LF, DEL, …). */
  public static boolean hasControl(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }

  /**
   * The required text stripped of surrounding spaces.
   *
   * @throws app.lightweight.shared.http.ProblemException 400 at {@code pointer} when nothing
   *     visible is left
   */
  public static String requireVisible(String text, String pointer) {
    if (!isVisible(text)) {
      throw Problem.validation(pointer, "must contain a visible character").exception();
    }
    return strip(text);
  }

  /** Strips spaces of every kind (also NBSP and zero-width ones) from both ends. */
  public static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isBlank(text.codePointAt(start))) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && isBlank(text.codePointBefore(end))) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  /** A space of any kind, a control or format character, or a blank filler. */
  private static boolean isBlank(int c) {
    int type = Character.getType(c);
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || type == Character.CONTROL
        || type == Character.FORMAT
        || BLANK_FILLERS.indexOf(c) >= 0;
  }

  /** Not blank, and not a mark that only decorates the character before it. */
  private static boolean isVisible(int c) {
    int type = Character.getType(c);
    return !isBlank(c)
        && type != Character.NON_SPACING_MARK
        && type != Character.ENCLOSING_MARK
        && type != Character.SURROGATE;
  }

  /** Letters of the Hangul and Braille blocks that draw nothing. */
  private static final String BLANK_FILLERS = "\u115F\u1160\u3164\uFFA0\u2800";
}
