package app.lightweight.invoices.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailTemplateTest {

  @Test
  void valuesAreEscapedInHtmlAndNeverReadAsTemplateText() {
    EmailTemplate html =
        EmailTemplate.html(
            "<p title=\"{{name}}\">{{name}}</p>{{#extra}}<b>{{extra}}</b>{{/extra}}");

    String out =
        html.render(Map.of("name", "<script>\"x\" & 'y'</script> {{#extra}}{{extra}}{{/extra}}"));

    assertThat(out)
        .isEqualTo(
            "<p title=\"&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
                + " {{#extra}}{{extra}}{{/extra}}\">&lt;script&gt;&quot;x&quot; &amp;"
                + " &#39;y&#39;&lt;/script&gt; {{#extra}}{{extra}}{{/extra}}</p>");
  }

  @Test
  void sectionsShowOnlyWithAValueAndFragmentsAreInsertedAsTheyAre() {
    EmailTemplate html = EmailTemplate.html("{{#a}}A{{#b}}B{{/b}}{{/a}}{{#c}}C{{/c}}|{{{rows}}}");

    assertThat(html.render(Map.of("a", "1", "b", "1", "rows", "<tr></tr>")))
        .isEqualTo("AB|<tr></tr>");
    assertThat(html.render(Map.of("a", "1", "c", ""))).isEqualTo("A|");
  }

  @Test
  void plainTextIsNotEscaped() {
    assertThat(EmailTemplate.text("Hello {{name}}").render(Map.of("name", "A & <B>")))
        .isEqualTo("Hello A & <B>");
  }

  @Test
  void headerTextLosesLineBreaks() {
    assertThat(InvoiceEmail.oneLine("Acme\r\nBcc: eve@example.com\tLtd "))
        .isEqualTo("Acme Bcc: eve@example.com Ltd");
  }
}
