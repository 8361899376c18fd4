package app.lightweight.invoices.pdf;

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
 * Renders invoice PDFs on a worker thread, never on the event loop (what a PDF shows is {@link
 * PdfContent}'s). Rendered PDFs are kept by ETag in a small LRU, so a PDF asked for again (the pay
 * page, a refresh) costs no rendering; equal ETags mean equal bytes, so the cache is never stale.
 *
 * <p>Rendering has its own worker pool, one thread per core (it is pure CPU), and accepts at most
 * {@code maxAccepted} renders at once, running or waiting: past that a request gets a 503 with
 * {@code Retry-After} at once instead of an ever longer wait. Requests for a PDF that is being
 * rendered wait for that render instead of starting another.
 */
public final class PdfRenderer {
  private static final long CACHE_BYTES = 32L * 1024 * 1024;
  static final int RENDER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Renders accepted at once by default: a queue of about a second's work on this machine. */
  public static final int DEFAULT_MAX_ACCEPTED = 32 * RENDER_THREADS;

  private final InvoicePdf template;
  private final Lru cache = new Lru();
  private final WorkerExecutor renderers;
  private final int maxAccepted;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Map<String, Future<Buffer>> rendering = new ConcurrentHashMap<>();

  public PdfRenderer(Vertx vertx, InvoicePdf template, int maxAccepted) {
    this.maxAccepted = maxAccepted;
    this.template = template;
    this.renderers = vertx.createSharedWorkerExecutor("invoice-pdf", RENDER_THREADS);
  }

  /** A PDF's bytes with its entity tag. */
  public record Rendered(String etag, Buffer bytes) {}

  /**
   * A document with its fingerprint, computed once per request: the ETag, the cache key and the
   * PDF's file ID all come from it.
   */
  record Job(InvoiceDocument document, byte[] fingerprint, String etag) {
    static Job of(InvoiceDocument document) {
      byte[] fingerprint = InvoiceFingerprint.of(document);
      return new Job(document, fingerprint, InvoicePdf.etag(fingerprint));
    }
  }

  /** Renders off the event loop, or answers from the cache or from a render already running. */
  Future<Rendered> render(Job job) {
    String etag = job.etag();
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
        startRender(job, mine);
      } else {
        accepted.decrementAndGet();
      }
    }
    return running.map(bytes -> new Rendered(etag, bytes));
  }

  private void startRender(Job job, Promise<Buffer> done) {
    String etag = job.etag();
    renderers
        .executeBlocking(
            () -> Buffer.buffer(template.render(job.document(), job.fingerprint())), false)
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
