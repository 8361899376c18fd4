package app.lightweight.invoices.payments;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.InvoicesConfig;
import app.lightweight.invoices.Lifecycle;
import app.lightweight.invoices.PaidBy;
import app.lightweight.invoices.payments.PaymentStore.Attempt;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paying an invoice from the payer's wallet: the attempt is recorded, the wallets service moves the
 * money under the transfer id {@code pay:<invoice id>} (its idempotency key, so asking again never
 * pays twice), then the invoice takes the {@link Lifecycle.Move#PAY} move with that id as its
 * payment reference. An answer lost on the way (a timeout, a crash between the transfer and the
 * move) is finished by {@link #reconcile}, which asks the wallets service whether the transfer
 * exists.
 */
public final class InvoicePayments {
  private static final Logger LOG = LoggerFactory.getLogger(InvoicePayments.class);
  private static final int RECONCILE_BATCH = 50;

  /** Where the wallets service publishes its events, {@code transfer.completed} among them. */
  public static final String WALLETS_EVENTS = "wallets.events";

  private final InvoiceStore invoices;
  private final PaymentStore attempts;
  private final WalletsBus wallets;
  private final String walletUrl;
  private boolean reconciling;

  /**
   * @param webBaseUrl the web app, whose {@code /wallet} page funds a wallet
   */
  InvoicePayments(
      InvoiceStore invoices, PaymentStore attempts, WalletsBus wallets, String webBaseUrl) {
    this.invoices = invoices;
    this.attempts = attempts;
    this.wallets = wallets;
    this.walletUrl = webBaseUrl + "/wallet";
  }

  /** Payments of the invoices in {@code invoices}, asking the wallets service on {@code vertx}. */
  public static InvoicePayments of(
      Vertx vertx, Pool pool, InvoiceStore invoices, InvoicesConfig config) {
    return new InvoicePayments(
        invoices,
        new PaymentStore(pool),
        new WalletsBus(vertx, config.walletsTimeout()),
        config.webBaseUrl());
  }

  /** The transfer id of an invoice's payment: it names the invoice. */
  static String transferId(Invoice invoice) {
    return "pay:" + invoice.id();
  }

  /**
   * Pays the invoice behind {@code token} from {@code payer}'s wallet: the paid invoice, also when
   * this payer paid it before. Fails with a problem (404, 409, 422, 503) or {@link PaymentRefused}.
   */
  Future<Invoice> pay(String token, PaidBy payer) {
    return byToken(token)
        .compose(
            invoice -> {
              String transferId = transferId(invoice);
              if (paidBy(invoice, payer)) {
                return Future.succeededFuture(invoice);
              }
              Lifecycle.payableBy(invoice, payer.subject());
              long due = invoice.totals().due().amount();
              if (due <= 0) {
                throw Problem.of(409, "nothing-due", "Nothing due", "nothing is due on it")
                    .exception();
              }
              return attempts
                  .begin(transferId, invoice, payer, due)
                  .compose(
                      attempt ->
                          attempt > 0
                              ? transfer(invoice, payer, due, attempt)
                              : byToken(token).map(now -> answerFor(now, payer)));
            });
  }

  private Future<Invoice> byToken(String token) {
    return invoices
        .findByPayToken(token)
        .map(
            found ->
                found.orElseThrow(
                    () -> Problem.notFound("no invoice behind this pay link").exception()));
  }

  /**
   * @param attempt the attempt's number: only this attempt is closed on a refusal, not a retry that
   *     began since (whose transfer may be on its way)
   */
  private Future<Invoice> transfer(Invoice invoice, PaidBy payer, long amount, int attempt) {
    String transferId = transferId(invoice);
    JsonObject request =
        new JsonObject()
            .put("transfer_id", transferId)
            .put("payer", payer.subject())
            .put("payee", invoice.tenant())
            .put("amount", amount)
            .put("currency", invoice.currency())
            .put("reference", invoice.number())
            .put("metadata", new JsonObject().put("invoice_id", invoice.id()));
    if (payer.name() != null) {
      request.put("payer_name", payer.name());
    }
    if (invoice.business() != null) {
      request.put("payee_name", invoice.business().name());
    }
    return wallets
        .transfer(request)
        .recover(failure -> unanswered(transferId, attempt, failure))
        .compose(
            reply -> {
              if ("completed".equals(reply.getString("status"))) {
                return finish(invoice, amount, reply.getJsonObject("transfer"), payer)
                    .map(paid -> answerFor(paid, payer));
              }
              if ("refused".equals(reply.getString("status"))) {
                return refused(invoice, payer, amount, attempt, reply);
              }
              LOG.warn("{} answered {} for {}", WalletsBus.TRANSFER, reply.encode(), transferId);
              return Future.failedFuture(unavailable());
            });
  }

  /**
   * No answer: a wallets service that was never reached moved nothing (the attempt is closed); one
   * that did not answer in time may have, and the attempt stays for the reconciler (or a retry).
   */
  private Future<JsonObject> unanswered(String transferId, int attempt, Throwable failure) {
    LOG.warn("{} for {} failed: {}", WalletsBus.TRANSFER, transferId, failure.toString());
    Future<Void> recorded =
        WalletsBus.neverDelivered(failure)
            ? attempts.close(transferId, attempt)
            : Future.succeededFuture();
    return recorded.transform(done -> Future.failedFuture(unavailable()));
  }

  private Future<Invoice> refused(
      Invoice invoice, PaidBy payer, long amount, int attempt, JsonObject reply) {
    String transferId = transferId(invoice);
    String reason = reply.getString("reason", "refused");
    if (reason.equals("transfer-id-reused")) {
      // another payer's transfer (or an older request) took this invoice's id: it is paid
      return wallets
          .find(transferId)
          .compose(
              found ->
                  found.isPresent()
                      ? finish(invoice, amount, found.get(), payer)
                      : Future.failedFuture(unavailable()))
          .map(paid -> answerFor(paid, payer));
    }
    return attempts
        .close(transferId, attempt)
        .transform(closed -> Future.failedFuture(refusal(invoice, reason, reply)));
  }

  private RuntimeException refusal(Invoice invoice, String reason, JsonObject reply) {
    String detail = reply.getString("detail", reason);
    if (reason.equals("insufficient-funds")) {
      JsonObject shortfall = reply.getJsonObject("shortfall", new JsonObject());
      long missing = shortfall.getLong("amount", 0L);
      String currency = invoice.currency();
      return new PaymentRefused(
          Problem.of(
              409,
              "insufficient-funds",
              "Insufficient funds",
              "your " + currency + " wallet lacks " + missing + " minor units; fund it and pay"),
          new JsonObject()
              .put("shortfall", missing)
              .put("currency", currency)
              .put(
                  "funding_url",
                  walletUrl
                      + "?currency="
                      + currency
                      + "&amount="
                      + missing
                      + "&return_to=/pay/"
                      + invoice.payToken()));
    }
    // self-payment, amount-too-large, validation: the request cannot succeed as it is
    return Problem.of(422, reason, "Payment refused", detail).exception();
  }

  private Future<Invoice> finish(Invoice invoice, long amount, JsonObject transfer, PaidBy asked) {
    return finish(invoice.tenant(), invoice.id(), amount, invoice.currency(), transfer, asked);
  }

  /**
   * The invoice takes the transfer (the PAY move with the transfer id as its reference), then the
   * attempt is marked paid (were that lost, the reconciler marks it: the invoice is paid). Only a
   * transfer of this invoice's payment counts: to its business, of the amount asked, in its
   * currency, naming it; anything else under its transfer id is a 409 and changes nothing.
   *
   * @param asked who asked to pay; the transfer's own payer is who paid
   */
  private Future<Invoice> finish(
      String tenant,
      String invoiceId,
      long amount,
      String currency,
      JsonObject transfer,
      PaidBy asked) {
    String transferId = transfer.getString("transfer_id");
    JsonObject metadata = transfer.getJsonObject("metadata", new JsonObject());
    if (!tenant.equals(transfer.getString("payee"))
        || !currency.equals(transfer.getString("currency"))
        || amount != transfer.getLong("amount", -1L)
        || !invoiceId.equals(metadata.getString("invoice_id"))) {
      LOG.error(
          "transfer {} is not the payment of invoice {}: {}",
          transferId,
          invoiceId,
          transfer.encode());
      return Future.failedFuture(
          Problem.of(
                  409,
                  "transfer-id-reused",
                  "Transfer id taken",
                  "the wallets service holds another transfer under " + transferId)
              .exception());
    }
    String payer = transfer.getString("payer");
    PaidBy paidBy = asked.subject().equals(payer) ? asked : new PaidBy(payer, null, null);
    return invoices
        .markPaid(tenant, invoiceId, null, transferId, paidBy)
        .compose(
            paid -> attempts.paid(transferId).transform(marked -> Future.succeededFuture(paid)));
  }

  /** A payer paying again gets the paid invoice; anyone else a 409. */
  private static Invoice answerFor(Invoice invoice, PaidBy payer) {
    if (paidBy(invoice, payer)) {
      return invoice;
    }
    Lifecycle.payableBy(invoice, payer.subject()); // paid by another or void: the 409
    throw Problem.conflict("the invoice changed while it was being paid; try again").exception();
  }

  private static boolean paidBy(Invoice invoice, PaidBy payer) {
    return Lifecycle.alreadyPaidBy(invoice, transferId(invoice))
        && invoice.paidBy() != null
        && payer.subject().equals(invoice.paidBy().subject());
  }

  private static ProblemException unavailable() {
    return Problem.unavailable("the wallets service cannot take the payment now; try again shortly")
        .exception();
  }

  // ---- the reconciler

  /**
   * Finishes attempts left pending longer than {@code after} whose invoice is not paid: asks the
   * wallets service for the transfer, marks the invoice paid when it exists, closes the attempt
   * when it does not. One round at a time; a wallets service that cannot be asked is asked again on
   * the next round.
   */
  public Future<Void> reconcile(Duration after) {
    if (reconciling) {
      return Future.succeededFuture();
    }
    reconciling = true;
    return attempts
        .settlePaid()
        .compose(settled -> attempts.stale(after, RECONCILE_BATCH))
        .compose(this::reconcile)
        .onFailure(failure -> LOG.warn("pay reconciler: {}", failure.toString()))
        .onComplete(done -> reconciling = false);
  }

  private Future<Void> reconcile(List<Attempt> stale) {
    Future<Void> chain = Future.succeededFuture();
    for (Attempt attempt : stale) {
      chain = chain.compose(previous -> reconcile(attempt));
    }
    return chain;
  }

  private Future<Void> reconcile(Attempt attempt) {
    return wallets
        .find(attempt.transferId())
        .compose(found -> settle(attempt, found))
        .recover(
            failure -> {
              LOG.warn(
                  "pay reconciler: {} not settled: {}", attempt.transferId(), failure.toString());
              return Future.succeededFuture();
            });
  }

  /**
   * A {@code transfer.completed} event of the wallets service ({@code wallets.events}): a transfer
   * under the id of one of our attempts that is not known to have paid its invoice (it came after
   * its request timed out, even after the reconciler found none and closed the attempt) pays the
   * invoice now. Transfers of other ids, and payments already applied, are left alone; the event
   * may come more than once (the PAY move is idempotent per transfer id).
   */
  public void onWalletsEvent(Message<Object> message) {
    if (!(message.body() instanceof JsonObject event)
        || !"transfer.completed".equals(event.getString("type"))
        || !(event.getValue("data") instanceof JsonObject transfer)
        || !(transfer.getValue("transfer_id") instanceof String id)
        || !id.startsWith("pay:")) {
      return;
    }
    attempts
        .unpaid(id)
        .compose(
            attempt ->
                attempt.isEmpty()
                    ? Future.<Void>succeededFuture()
                    : settle(attempt.get(), Optional.of(transfer)))
        .onFailure(failure -> LOG.warn("transfer.completed {}: {}", id, failure.toString()));
  }

  private Future<Void> settle(Attempt attempt, Optional<JsonObject> transfer) {
    if (transfer.isEmpty()) {
      LOG.info("pay reconciler: no transfer {}, attempt closed", attempt.transferId());
      return attempts.close(attempt.transferId(), attempt.attempt());
    }
    return finish(
            attempt.tenant(),
            attempt.invoiceId(),
            attempt.amount(),
            attempt.currency(),
            transfer.get(),
            attempt.payer())
        .<Void>map(
            paid -> {
              LOG.info("{} paid by transfer {}", paid.id(), attempt.transferId());
              return null;
            })
        .recover(
            failure -> {
              if (failure instanceof ProblemException refused) {
                LOG.error(
                    "pay reconciler: transfer {} exists but invoice {} refuses it: {}",
                    attempt.transferId(),
                    attempt.invoiceId(),
                    refused.problem().detail());
                return attempts.conflict(attempt.transferId(), attempt.attempt());
              }
              return Future.failedFuture(failure);
            });
  }
}
