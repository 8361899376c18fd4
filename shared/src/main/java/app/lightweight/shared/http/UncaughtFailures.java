package app.lightweight.shared.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a request in a problem when its handler throws inside a future's callback ({@code
 * .onSuccess(x -> ctx.response().putHeader(...))}): Vert.x Web only catches what a handler throws
 * directly, and Vert.x hands a throwing callback's exception to the context's exception handler,
 * which by default logs it and leaves the request without an answer until the client gives up.
 *
 * <p>Each request runs on its own duplicated context; this remembers the request in that context's
 * local data and installs a context exception handler that fails the request found there.
 */
public final class UncaughtFailures {
  private static final Logger LOG = LoggerFactory.getLogger(UncaughtFailures.class);
  private static final Object KEY = RoutingContext.class;
  private static final Handler<Throwable> FAIL_THE_REQUEST = UncaughtFailures::failTheRequest;

  private UncaughtFailures() {}

  /** The first root handler of a router. */
  public static void track(RoutingContext ctx) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal request && request.isDuplicate()) {
      request.putLocal(KEY, ctx);
      if (context.exceptionHandler() != FAIL_THE_REQUEST) {
        context.exceptionHandler(FAIL_THE_REQUEST);
      }
    }
    ctx.next();
  }

  private static void failTheRequest(Throwable failure) {
    ContextInternal current = ContextInternal.current();
    RoutingContext ctx = current == null ? null : current.getLocal(KEY);
    if (ctx == null || ctx.response().ended()) {
      LOG.error("uncaught exception outside a request", failure);
      return;
    }
    if (ctx.response().headWritten()) {
      LOG.error("uncaught exception after the answer started: {}", failure.toString());
      ctx.response().reset();
    } else if (ctx.failed()) {
      // the failure handler itself threw: answer plainly
      Problems.send(ctx, Problems.toProblem(failure, 500));
    } else {
      ctx.fail(failure);
    }
  }
}
