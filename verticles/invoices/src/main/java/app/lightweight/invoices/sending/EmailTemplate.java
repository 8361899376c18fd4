package app.lightweight.invoices.sending;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small logic-less template (a subset of Mustache): {@code {{name}}} is the value, HTML-escaped
 * in an HTML template; {@code {{{name}}}} is a fragment this service rendered itself, inserted as
 * it is; {@code {{#name}}…{{/name}}} is shown only when the value is present and not empty. No
 * loops, partials or expressions: what a template shows is decided in Java, what it looks like in
 * the template. Every value from a user (names, addresses, line text) goes through {@code {{…}}}.
 */
final class EmailTemplate {
  private static final Pattern SECTION =
      Pattern.compile("\\{\\{#([a-z_]+)\\}\\}(.*?)\\{\\{/\\1\\}\\}", Pattern.DOTALL);
  private static final Pattern VALUE = Pattern.compile("\\{\\{(\\{?)([a-z_]+)\\}?\\}\\}");

  private final String source;
  private final boolean html;

  private EmailTemplate(String source, boolean html) {
    this.source = source;
    this.html = html;
  }

  /** The template at {@code resource} on the class path; {@code .html} ones escape their values. */
  static EmailTemplate load(String resource) {
    try (InputStream in = EmailTemplate.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no template " + resource + " on the class path");
      }
      return new EmailTemplate(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), resource.endsWith(".html"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EmailTemplate html(String source) {
    return new EmailTemplate(source, true);
  }

  static EmailTemplate text(String source) {
    return new EmailTemplate(source, false);
  }

  String render(Map<String, String> values) {
    String shown = sections(source, values);
    Matcher value = VALUE.matcher(shown);
    StringBuilder out = new StringBuilder(shown.length() + 256);
    while (value.find()) {
      boolean raw = !value.group(1).isEmpty();
      String text = values.getOrDefault(value.group(2), "");
      value.appendReplacement(out, Matcher.quoteReplacement(raw || !html ? text : escape(text)));
    }
    value.appendTail(out);
    return out.toString();
  }

  /** Sections may nest (an inner one is resolved after its outer one is kept). */
  private static String sections(String text, Map<String, String> values) {
    String before;
    String after = text;
    do {
      before = after;
      Matcher section = SECTION.matcher(before);
      StringBuilder out = new StringBuilder(before.length());
      while (section.find()) {
        String value = values.get(section.group(1));
        boolean shown = value != null && !value.isEmpty();
        section.appendReplacement(out, Matcher.quoteReplacement(shown ? section.group(2) : ""));
      }
      section.appendTail(out);
      after = out.toString();
    } while (!after.equals(before));
    return after;
  }

  /** Text as HTML content or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
