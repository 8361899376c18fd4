package app.lightweight.gateway.proxy;

import app.lightweight.gateway.auth.Csrf;
import app.lightweight.gateway.auth.Session;
import app.lightweight.gateway.auth.Sessions;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import app.lightweight.shared.http.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/<service>/…} → that service's base URL, the same path and query, with the session's
 * access token as {@code Authorization: Bearer}. Bodies stream both ways (nothing is buffered); the
 * browser's cookies and Authorization header never leave the gateway; hop-by-hop headers stop here.
 */
public final class ApiProxy {
  private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);
  private static final String PUBLIC_PREFIX = "/api/invoices/public/";

  /** RFC 9110 7.6.1 hop-by-hop headers, and what is the gateway's business alone. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "cookie",
          "authorization",
          "x-xsrf-token");

  private static final Set<HttpMethod> FORWARDED_METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.PATCH,
          HttpMethod.DELETE);

  private static final Set<String> NOT_RETURNED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "set-cookie");

  private final Sessions sessions;
  private final Map<String, URI> upstreams;
  private final HttpClient http;

  public ApiProxy(Vertx vertx, Sessions sessions, Map<String, URI> upstreams) {
    this.sessions = sessions;
    this.upstreams = upstreams;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setKeepAlive(true)
                .setDecompressionSupported(false),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  public void mount(Router router, Csrf csrf) {
    // the body waits until the session is known, then streams; without pause it would be dropped
    router
        .route("/api/*")
        .handler(
            ctx -> {
              ctx.request().pause();
              ctx.next();
            });
    router.route("/api/*").handler(csrf).handler(this::forward);
  }

  private void forward(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    String service = serviceOf(path);
    URI base = service == null ? null : upstreams.get(service);
    if (base == null) {
      Csrf.discardBody(request);
      Problems.send(ctx, Problem.notFound("no service answers " + path));
      return;
    }
    if (!FORWARDED_METHODS.contains(request.method())) {
      Csrf.discardBody(request);
      Problems.send(
          ctx,
          Problem.of(
              405,
              "method-not-allowed",
              "Method not allowed",
              request.method().name() + " is not forwarded to the services"));
      return;
    }
    if (!isClean(path)) {
      // the services would resolve these segments themselves: a path that climbs out of
      // /api/invoices/public/ must not travel there as a public one
      Csrf.discardBody(request);
      Problems.send(
          ctx,
          Problem.of(
              400,
              "bad-path",
              "Bad path",
              "dot segments, encoded slashes and backslashes are not allowed in /api paths"));
      return;
    }
    if (path.startsWith(PUBLIC_PREFIX)
        && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)) {
      // reading a pay link needs no session; paying it (POST …/pay) is the signed-in payer's
      send(ctx, service, base, null);
      return;
    }
    sessions
        .current(ctx)
        .onSuccess(
            session -> {
              if (session.isEmpty()) {
                Csrf.discardBody(request);
                Problems.send(ctx, Problem.unauthorized("sign in first: /auth/login"));
              } else {
                send(ctx, service, base, session.get());
              }
            })
        .onFailure(
            failure -> {
              Csrf.discardBody(request);
              ctx.fail(failure);
            });
  }

  private void send(RoutingContext ctx, String service, URI base, Session session) {
    HttpServerRequest request = ctx.request();
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setHost(base.getHost())
            .setPort(port(base))
            .setSsl("https".equals(base.getScheme()))
            .setURI(request.uri())
            .setIdleTimeout(60_000);
    http.request(options)
        .compose(
            upstream -> {
              copyRequestHeaders(ctx, upstream.headers(), session);
              if (!hasBody(request)) {
                Csrf.discardBody(request);
                return upstream.send();
              }
              if (request.getHeader("Content-Length") == null) {
                upstream.setChunked(true);
              }
              return upstream.send(request);
            })
        .onSuccess(response -> relay(ctx, response))
        .onFailure(failure -> unreachable(ctx, service, failure));
  }

  private static void copyRequestHeaders(RoutingContext ctx, MultiMap to, Session session) {
    MultiMap from = ctx.request().headers();
    Set<String> named = connectionNamed(from);
    from.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!NOT_FORWARDED.contains(lower) && !named.contains(lower)) {
            to.add(name, value);
          }
        });
    to.set(RequestIds.HEADER, RequestIds.of(ctx));
    to.set("X-Forwarded-Proto", ctx.request().isSSL() ? "https" : "http");
    if (session != null) {
      to.set("Authorization", "Bearer " + session.accessToken());
    }
  }

  private static void relay(RoutingContext ctx, HttpClientResponse upstream) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(upstream.statusCode());
    response.setStatusMessage(upstream.statusMessage());
    Set<String> named = connectionNamed(upstream.headers());
    upstream
        .headers()
        .forEach(
            (name, value) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!NOT_RETURNED.contains(lower) && !named.contains(lower)) {
                response.headers().add(name, value);
              }
            });
    response.headers().set(RequestIds.HEADER, RequestIds.of(ctx));
    int status = upstream.statusCode();
    if (upstream.getHeader("Content-Length") == null
        && status != 204
        && status != 304
        && ctx.request().method() != io.vertx.core.http.HttpMethod.HEAD) {
      response.setChunked(true);
    }
    // a body cut short is a reset, never an end that would make a truncated PDF look whole
    upstream
        .pipe()
        .endOnFailure(false)
        .to(response)
        .onFailure(
            failure -> {
              LOG.info(
                  "{} {} cut short: {}",
                  ctx.request().method(),
                  ctx.request().path(),
                  failure.toString());
              response.reset();
              upstream.request().reset();
            });
  }

  private void unreachable(RoutingContext ctx, String service, Throwable failure) {
    Csrf.discardBody(ctx.request());
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    boolean down = isDown(failure);
    LOG.warn(
        "{} {} -> {} service {}: {}",
        ctx.request().method(),
        ctx.request().path(),
        down ? 503 : 502,
        service,
        failure.toString());
    Problem problem =
        down
            ? Problem.of(
                503,
                "service-unavailable",
                "Service unavailable",
                "the " + service + " service cannot be reached; retry shortly")
            : Problem.of(
                502,
                "bad-gateway",
                "Bad gateway",
                "the " + service + " service did not answer properly");
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .putHeader("Retry-After", "5")
        .end(problem.toJson().put("service", service).encode());
  }

  private static boolean isDown(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof TimeoutException
          || cause.getClass().getSimpleName().contains("ConnectTimeout")) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null
        || (length != null && !length.trim().equals("0"));
  }

  private static Set<String> connectionNamed(MultiMap headers) {
    String connection = headers.get("Connection");
    if (connection == null) {
      return Set.of();
    }
    return new java.util.HashSet<>(
        java.util.Arrays.asList(connection.toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
  }

  /**
   * A path without {@code .} or {@code ..} segments (also percent-encoded), encoded slashes or
   * backslashes, and no empty segment: what the gateway checks is what the service will route.
   */
  static boolean isClean(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("\\")
        || lower.contains("%25")
        || lower.contains("//")
        || lower.contains(";")) {
      return false;
    }
    for (String segment : lower.split("/", -1)) {
      String decoded = segment.replace("%2e", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** {@code /api/invoices/…} → {@code invoices}. */
  static String serviceOf(String path) {
    if (path == null || !path.startsWith("/api/")) {
      return null;
    }
    String rest = path.substring("/api/".length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    return name.isEmpty() ? null : name;
  }

  private static int port(URI base) {
    if (base.getPort() > 0) {
      return base.getPort();
    }
    return "https".equals(base.getScheme()) ? 443 : 80;
  }
}
