package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Display names are user input (a business's or customer's name): whatever they hold, the headers
 * carry them as names, read back by Jakarta Mail's parser as one mailbox each, never as extra
 * addresses or a broken header.
 */
class DisplayNamesTest {
  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
  }

  @Test
  void namesWithSpecialsQuotesAndAngleBracketsStayNames() throws Exception {
    String from = "Okafor, Sons & \"Co\" (Lagos)";
    List<String> names =
        List.of("Ada, Accounts", "O'Neil \"Billing\" \\ Dept", "Ngozi <Finance>", "Adaéze Ọkafor");
    JsonArray to = new JsonArray();
    for (int i = 0; i < names.size(); i++) {
      to.add(new JsonObject().put("address", "r" + i + "@example.com").put("name", names.get(i)));
    }
    JsonObject message = Mail.message("unused@example.com").put("to", to);
    message.getJsonObject("from").put("name", from);

    String id =
        expect(email.post("/api/email/messages", email.token("acme"), message), 202)
            .getString("id");

    eventually(
        Duration.ofSeconds(15),
        () -> assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1));
    MimeMessage received = a().received().get(0);
    InternetAddress sender = (InternetAddress) received.getFrom()[0];
    assertThat(received.getFrom()).hasSize(1);
    assertThat(sender.getAddress()).isEqualTo("billing@lightweight.test");
    assertThat(sender.getPersonal()).isEqualTo(from);
    Address[] recipients = received.getRecipients(Message.RecipientType.TO);
    assertThat(Arrays.stream(recipients).map(r -> ((InternetAddress) r).getAddress()))
        .containsExactly("r0@example.com", "r1@example.com", "r2@example.com", "r3@example.com");
    assertThat(Arrays.stream(recipients).map(r -> ((InternetAddress) r).getPersonal()))
        .containsExactly(
            "Ada, Accounts", "O'Neil \"Billing\" \\ Dept", "Ngozi ‹Finance›", "Adaéze Ọkafor");
  }
}
