package app.lightweight.invoices.sending;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.InvoicesVerticle;
import app.lightweight.invoices.timeline.TimelineEntry;
import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.testing.ServiceFixture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The email service's reports about a send, on the real tables. */
class SendReportsTest {
  @RegisterExtension
  static final ServiceFixture invoices =
      ServiceFixture.of(InvoicesVerticle.NAME, InvoicesVerticle::new)
          .tables("sends", "timeline", "outbox")
          // the service's own relay stays away from these sends (they name no invoice)
          .env("SEND_POLL_MS", "600000")
          .scopes("invoices:read");

  private final SendStore sends = new SendStore(invoices.pool(), () -> {});
  private final TimelineStore timeline = new TimelineStore(invoices.pool(), () -> {});

  @Test
  void aSentReportHeardAfterTheDeliveryGoesBeforeItAndEachEventCountsOnce() {
    Instant queuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Send send =
        await(
            invoices
                .pool()
                .withTransaction(
                    tx ->
                        SendStore.queue(
                            tx, "acme", "inv_1", SendKind.INVOICE, "ada@example.ng", queuedAt)));
    Instant deliveredAt = queuedAt.plusMillis(10);

    boolean delivered =
        await(
            sends.report(
                "acme", send.id(), "msg_1", "delivered", deliveredAt, null, null, "evt_d"));
    boolean sent =
        await(
            sends.report(
                "acme",
                send.id(),
                "msg_1",
                "sent",
                deliveredAt.plusMillis(5),
                null,
                null,
                "evt_s"));
    boolean again =
        await(
            sends.report(
                "acme",
                send.id(),
                "msg_1",
                "sent",
                deliveredAt.plusMillis(5),
                null,
                null,
                "evt_s"));
    boolean foreign =
        await(sends.report("zeta", send.id(), "msg_1", "bounced", deliveredAt, null, null, "e"));
    boolean otherMessage =
        await(sends.report("acme", send.id(), "msg_2", "bounced", deliveredAt, null, null, "f"));

    assertThat(delivered).isTrue();
    assertThat(sent).isTrue();
    assertThat(again).isFalse();
    assertThat(foreign).isFalse();
    assertThat(otherMessage).isFalse();
    assertThat(await(timeline.list("acme", "inv_1")))
        .extracting(TimelineEntry::type)
        .containsExactly("send.queued", "send.sent", "send.delivered");
    assertThat(await(timeline.list("acme", "inv_1")).get(1).at()).isBefore(deliveredAt);
    assertThat(invoices.rows("select status, email_id from sends"))
        .singleElement()
        .satisfies(row -> assertThat(row.getString(0)).isEqualTo("delivered"))
        .satisfies(row -> assertThat(row.getString(1)).isEqualTo("msg_1"));
    assertThat(invoices.count("outbox where type = 'invoice.timeline'")).isEqualTo(3);
  }
}
