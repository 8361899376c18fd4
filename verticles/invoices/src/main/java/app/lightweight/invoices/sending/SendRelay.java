package app.lightweight.invoices.sending;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.PaidBy;
import app.lightweight.invoices.pdf.StoredPdfs;
import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.shared.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands queued sends to the email service ({@code email.send}) until it has stored each one: the
 * outbox pattern for a command. A send is taken for a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * several instances share the work), its email is built (the PDF rendered as {@code GET …/pdf}
 * gives it), and asked for with the header {@code Idempotency-Key} = the send's id. The reply marks
 * it handed over; no consumer, a timeout or a 503 puts it back with exponential backoff and jitter,
 * for as long as it takes (the email service down for an hour delays sends, loses none); a 400 (the
 * email service will never take it) or an invoice or address that is gone makes it {@code failed},
 * on the timeline. A send queued without a recipient has it looked up in {@code users.profile}
 * here: the business's for a paid notice, the payer's for a receipt whose payer's token had no
 * email; none there either is {@code failed} with the reason. A reply lost after the email service
 * stored the message, or a relay that died mid-way, leads to asking again with the same key, which
 * the email service answers with the message it has: one intent, one email.
 */
public final class SendRelay {
  static final int BATCH = 8;

  /** Why a receipt failed whose payer has no address anywhere (on the invoice's timeline). */
  static final String NO_PAYER_EMAIL =
      "the payer has no email address for a receipt: none in their token, none in their users"
          + " profile";

  private static final Logger LOG = LoggerFactory.getLogger(SendRelay.class);

  private final Vertx vertx;
  private final SendStore sends;
  private final InvoiceStore invoices;
  private final StoredPdfs pdfs;
  private final BusinessProfiles profiles;
  private final InvoiceEmail email;
  private final SendSettings settings;
  private boolean running;
  private boolean wanted;
  private boolean emailReachable = true;
  private long timerId = -1;

  public SendRelay(
      Vertx vertx,
      SendStore sends,
      InvoiceStore invoices,
      StoredPdfs pdfs,
      BusinessProfiles profiles,
      InvoiceJson json,
      SendSettings settings) {
    this.vertx = vertx;
    this.sends = sends;
    this.invoices = invoices;
    this.pdfs = pdfs;
    this.profiles = profiles;
    this.email = new InvoiceEmail(settings.from(), json);
    this.settings = settings;
  }

  public Future<Void> start() {
    timerId = vertx.setPeriodic(settings.pollMs(), tick -> wake());
    LOG.info("sends go to email.send from {}", settings.from());
    wake();
    return Future.succeededFuture();
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  /** Asks for a pass soon; call after committing a transaction that queued a send. */
  public void wake() {
    if (running) {
      wanted = true;
      return;
    }
    running = true;
    wanted = false;
    sends
        .claim(BATCH, settings.leaseMs())
        .compose(
            claimed -> {
              List<Future<Void>> handed = new ArrayList<>(claimed.size());
              claimed.forEach(send -> handed.add(handOver(send)));
              return Future.join(handed).map(claimed.size() == BATCH);
            })
        .onComplete(
            pass -> {
              running = false;
              if (pass.failed()) {
                LOG.warn("send relay pass failed: {}", pass.cause().toString());
              } else if (pass.result() || wanted) {
                vertx.runOnContext(v -> wake());
              }
            });
  }

  private Future<Void> handOver(Send send) {
    return invoices
        .get(send.tenant(), send.invoiceId())
        .compose(invoice -> build(send, invoice))
        .compose(built -> ask(send, built))
        .recover(failure -> settle(send, failure));
  }

  private record Built(JsonObject message, String recipient) {}

  /** Thrown when the send can never go: it is failed, not retried. */
  private static final class Undeliverable extends RuntimeException {
    Undeliverable(String why) {
      super(why, null, false, false);
    }
  }

  private Future<Built> build(Send send, Invoice invoice) {
    Future<BusinessBlock> business = pdfs.business(invoice);
    Future<Optional<BusinessBlock>> profile = profiles.find(send.tenant());
    Future<Buffer> pdf =
        send.kind().attachesPdf() ? pdfs.pdf(invoice) : Future.succeededFuture(null);
    Future<String> payer =
        send.kind() == SendKind.RECEIPT && send.recipient() == null
            ? payerEmail(invoice)
            : Future.succeededFuture(null);
    return Future.all(business, profile, pdf, payer)
        .map(
            ready -> {
              String businessEmail =
                  profile
                      .result()
                      .map(found -> found.details().email())
                      .filter(InvoiceEmail::isAddress)
                      .orElse(business.result().details().email());
              String to =
                  send.kind() == SendKind.PAID_NOTICE
                      ? businessEmail
                      : send.recipient() != null ? send.recipient() : payer.result();
              if (to == null || to.isBlank()) {
                throw new Undeliverable("the business has no email address to notify");
              }
              return new Built(
                  email.message(send, invoice, business.result(), to, businessEmail, pdf.result()),
                  to);
            });
  }

  /**
   * Where a receipt goes whose payment named no email (the payer's token had no {@code email}
   * claim): the email of the payer's users profile. No profile or no valid email there makes the
   * receipt {@link Undeliverable}; a users service that cannot answer now is asked again later,
   * like an email service that cannot.
   */
  private Future<String> payerEmail(Invoice invoice) {
    PaidBy payer = invoice.paidBy();
    if (payer == null || payer.subject() == null) {
      return Future.failedFuture(new Undeliverable(NO_PAYER_EMAIL));
    }
    return profiles
        .profile(payer.subject())
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "users.profile could not say the payer's email: " + failure.getMessage())))
        .map(
            found ->
                found
                    .map(profile -> profile.getString("email"))
                    .map(String::strip)
                    .filter(InvoiceEmail::isAddress)
                    .orElseThrow(() -> new Undeliverable(NO_PAYER_EMAIL)));
  }

  private Future<Void> ask(Send send, Built built) {
    DeliveryOptions options =
        new DeliveryOptions()
            .setSendTimeout(settings.replyTimeoutMs())
            .addHeader("Idempotency-Key", send.id());
    return vertx
        .eventBus()
        .<JsonObject>request("email.send", built.message(), options)
        .compose(
            reply -> {
              if (!emailReachable) {
                LOG.info("email.send answers again; waiting sends go out");
                emailReachable = true;
              }
              return sends.handedOver(
                  send,
                  reply.body().getString("id"),
                  reply.body().getString("message_id"),
                  built.recipient());
            });
  }

  private Future<Void> settle(Send send, Throwable failure) {
    if (failure instanceof Undeliverable
        || failure instanceof ProblemException problem && problem.problem().status() == 404
        || failure instanceof ReplyException reply
            && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
            && reply.failureCode() == 400) {
      LOG.warn("send {} cannot be delivered: {}", send.id(), failure.getMessage());
      return sends.failed(send, failure.getMessage()).mapEmpty();
    }
    if (failure instanceof ReplyException reply
        && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      if (emailReachable) {
        LOG.info(
            "email.send is not answering ({}); sends wait and are retried", reply.getMessage());
        emailReachable = false;
      }
    } else {
      LOG.warn("send {} not handed over, retried later: {}", send.id(), failure.toString());
    }
    long delay = settings.backoffMs(send.attempts(), ThreadLocalRandom.current().nextDouble());
    return sends.later(send, delay, String.valueOf(failure.getMessage()));
  }
}
