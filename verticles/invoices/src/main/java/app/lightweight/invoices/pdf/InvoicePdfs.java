package app.lightweight.invoices.pdf;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.PartyDetails;
import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.shared.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PDFs of invoices: assembles what a PDF shows (the business block from the users service or
 * the invoice, the pay link, the status as of today), and renders it on a worker thread, never on
 * the event loop. Rendered PDFs are kept by ETag in a small LRU, so a PDF asked for again (the pay
 * page, a refresh) costs no rendering; equal ETags mean equal bytes, so the cache is never stale.
 *
 * <p>Rendering has its own worker pool, one thread per core (it is pure CPU), and accepts at most
 * {@code maxAccepted} renders at once, running or waiting: past that a request gets a 503 with
 * {@code Retry-After} at once instead of an ever longer wait. Requests for a PDF that is being
 * rendered wait for that render instead of starting another.
 */
public final class InvoicePdfs {
  private static final long CACHE_BYTES = 32L * 1024 * 1024;
  static final int RENDER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Renders accepted at once by default: a queue of about a second's work on this machine. */
  public static final int DEFAULT_MAX_ACCEPTED = 32 * RENDER_THREADS;

  private final InvoicePdf template;
  private final BusinessProfiles profiles;
  private final InvoiceStore store;
  private final InvoiceJson json;
  private final Lru cache = new Lru();
  private final WorkerExecutor renderers;
  private final int maxAccepted;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Map<String, Future<Buffer>> rendering = new ConcurrentHashMap<>();

  public InvoicePdfs(
      Vertx vertx,
      InvoicePdf template,
      BusinessProfiles profiles,
      InvoiceStore store,
      InvoiceJson json,
      int maxAccepted) {
    this.maxAccepted = maxAccepted;
    this.template = template;
    this.profiles = profiles;
    this.store = store;
    this.json = json;
    this.renderers = vertx.createSharedWorkerExecutor("invoice-pdf", RENDER_THREADS);
  }

  /** A PDF's bytes with its entity tag. */
  public record Rendered(String etag, Buffer bytes) {}

  /** What the stored invoice's PDF shows. */
  public Future<InvoiceDocument> document(Invoice invoice) {
    return business(invoice)
        .map(
            business ->
                new InvoiceDocument(
                    business.details().toParty(),
                    business.logo(),
                    invoice.customer().toParty(),
                    invoice.number(),
                    invoice.currency(),
                    invoice.issueDate(),
                    invoice.dueDate(),
                    invoice.shownStatus(json.today()),
                    invoice.lines(),
                    invoice.notes(),
                    invoice.terms(),
                    json.payUrl(invoice),
                    invoice.amountPaid(),
                    invoice.version(),
                    invoice.taxLabel()));
  }

  /**
   * The seller as the PDF prints it. A draft follows the users service's profile (else the details
   * kept with it); an issued invoice shows what was frozen when it was issued.
   */
  public Future<BusinessBlock> business(Invoice invoice) {
    if (invoice.isDraft()) {
      return profiles
          .find(invoice.tenant())
          .map(profile -> profile.orElseGet(() -> stored(invoice.business())));
    }
    if (invoice.businessLogo() == null) {
      return Future.succeededFuture(stored(invoice.business()));
    }
    return store
        .logo(invoice.businessLogo())
        .map(logo -> new BusinessBlock(stored(invoice.business()).details(), logo.orElse(null)));
  }

  /** The seller for a document that is not stored: given, else the profile, else the settings. */
  public Future<BusinessBlock> business(String tenant, PartyDetails given, PartyDetails fallback) {
    if (given != null) {
      return Future.succeededFuture(new BusinessBlock(given, null));
    }
    return profiles.find(tenant).map(profile -> profile.orElseGet(() -> stored(fallback)));
  }

  /** Renders off the event loop, or answers from the cache or from a render already running. */
  public Future<Rendered> render(InvoiceDocument document) {
    String etag = InvoicePdf.etag(document);
    Buffer cached = cache.get(etag);
    if (cached != null) {
      return Future.succeededFuture(new Rendered(etag, cached));
    }
    Future<Buffer> running = rendering.get(etag);
    if (running == null) {
      if (accepted.incrementAndGet() > maxAccepted) {
        accepted.decrementAndGet();
        return Future.failedFuture(
            Problem.unavailable("too many PDFs are being rendered; retry in a moment").exception());
      }
      Promise<Buffer> mine = Promise.promise();
      running = rendering.putIfAbsent(etag, mine.future());
      if (running == null) {
        running = mine.future();
        startRender(etag, document, mine);
      } else {
        accepted.decrementAndGet();
      }
    }
    return running.map(bytes -> new Rendered(etag, bytes));
  }

  private void startRender(String etag, InvoiceDocument document, Promise<Buffer> done) {
    renderers
        .executeBlocking(() -> Buffer.buffer(template.render(document)), false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                cache.put(etag, result.result());
              }
              rendering.remove(etag, done.future());
              accepted.decrementAndGet();
              done.handle(result);
            });
  }

  private static BusinessBlock stored(PartyDetails details) {
    return details == null ? BusinessBlock.unnamed() : new BusinessBlock(details, null);
  }

  /** Least recently used PDFs, bounded by their total size. */
  private static final class Lru {
    private final LinkedHashMap<String, Buffer> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    synchronized Buffer get(String etag) {
      return entries.get(etag);
    }

    synchronized void put(String etag, Buffer pdf) {
      if (pdf.length() > CACHE_BYTES / 4) {
        return;
      }
      Buffer previous = entries.put(etag, pdf);
      bytes += pdf.length() - (previous == null ? 0 : previous.length());
      var eldest = entries.entrySet().iterator();
      while (bytes > CACHE_BYTES && eldest.hasNext()) {
        Map.Entry<String, Buffer> entry = eldest.next();
        bytes -= entry.getValue().length();
        eldest.remove();
      }
    }
  }
}
