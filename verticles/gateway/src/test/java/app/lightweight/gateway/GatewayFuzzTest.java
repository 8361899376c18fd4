package app.lightweight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own operations (sign-in, session, sign-out, the proxy's front, the bridge's info)
 * attacked with hostile requests, sent as raw bytes so that nothing is cleaned up on the way:
 * forged and doubled cookies, missing or wrong CSRF tokens, open-redirect {@code return_to}s, dot
 * segments and broken escapes that try to climb out of {@code /api/invoices/public/}, odd methods,
 * oversized headers, garbage bodies. Asserted: never a 5xx; every {@code /api/*} refusal is
 * problem+json; no redirect leaves the site except to the provider's login; and nothing changed: no
 * session made or ended, no sign-in stored with a foreign return path, no state-changing request
 * and no request without a session (beyond the public pages) reached a service.
 *
 * <p>The shared {@code ContractFuzzer} does not fit: it authenticates with bearer tokens and
 * mutates JSON bodies of a contract, while the gateway's callers are browsers with cookies and its
 * operations take no bodies. Seed {@code -Dfuzz.seed=} (default 7), count {@code -Dfuzz.requests=}
 * (default 1500).
 */
class GatewayFuzzTest {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayFuzzTest.class);

  static final Upstream upstream = Upstream.start();

  @RegisterExtension
  static final ServiceFixture gateway =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .tables("sessions", "logins")
          .env("GATEWAY_USERS_URL", upstream.url())
          .env("GATEWAY_INVOICES_URL", upstream.url())
          .env("GATEWAY_EMAIL_URL", upstream.url())
          .env("GATEWAY_WALLETS_URL", upstream.url())
          .env("GATEWAY_WEB_ROOT", WebAppTest.builtApp().toString());

  private static final String[] PATHS = {
    "/auth/login",
    "/auth/callback",
    "/auth/session",
    "/auth/logout",
    "/api/users/me",
    "/api/invoices/inv_1",
    "/api/invoices/public/tok_1",
    "/api/invoices/public/tok_1/pay",
    "/api/wallets/fundings",
    "/api/email/messages",
    "/api/nope/x",
    "/api",
    "/api/",
    "/eventbus/info",
  };

  private static final String[] CLIMBS = {
    "/api/invoices/public/../../users/me",
    "/api/invoices/public/%2e%2e/%2e%2e/users/me",
    "/api/invoices/public/..%2f..%2fusers%2fme",
    "/api/invoices/public/%2E%2E%2F%2E%2E%2Finvoices%2Finv_1",
    "/api/invoices/public/..\\..\\users\\me",
    "/api/invoices/public/.%2e/.%2e/users/me",
    "/api/invoices/public/%252e%252e/%252e%252e/users/me",
    "/api/invoices/public/tok/../../inv_1",
    "/api/invoices/public;/../inv_1",
    "/api/invoices/public%2f..%2finv_1",
    "//api/users/me",
    "/api//users/me",
    "/./api/users/me",
    "/auth/../api/users/me",
  };

  private static final String[] RETURN_TOS = {
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%0d%0aSet-Cookie:%20lw_session=x",
    "%09//evil.example",
    "/%09/evil.example",
    "/ /evil.example",
    "@evil.example",
    "/" + "a".repeat(5000),
    "",
    "%zz",
    "/%00",
  };

  private static final String[] METHODS = {
    "TRACE", "OPTIONS", "PROPFIND", "CONNECT", "get", "PATCH", "DELETE", "PUT", "POST", "HEAD"
  };

  private final Random random = new Random(Long.getLong("fuzz.seed", 7L));
  private final List<String> failures = new ArrayList<>();
  private String session;
  private String csrf;

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  @Test
  void hostileRequestsToTheGatewaysOperationsAreRefusedAndChangeNothing() throws Exception {
    Browser browser = new Browser();
    browser.signIn(base(), "fuzzed-studio", "/");
    String host = "localhost:" + gateway.port();
    session = browser.cookie(host, "lw_session");
    csrf = browser.cookie(host, "XSRF-TOKEN");
    assertThat(session).isNotNull();
    String sessionsBefore = sessions();
    int loginsBefore = (int) gateway.count("logins");
    upstream.seen.clear();

    int requests = Integer.getInteger("fuzz.requests", 1500);
    List<Function<Raw, String>> families =
        List.of(
            this::climbOutOfThePublicPages,
            this::openRedirect,
            this::forgedCallback,
            this::stateChangeWithoutCsrf,
            this::forgedCookie,
            this::oddMethod,
            this::brokenEscape,
            this::hostileHeaders,
            this::garbageBody);
    long started = System.nanoTime();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < requests; i++) {
      Raw raw = new Raw();
      String family = families.get(i % families.size()).apply(raw);
      Answer answer = raw.send();
      statuses.merge(answer.status, 1, Integer::sum);
      check(family, raw, answer);
    }
    LOG.info(
        "GatewayFuzzTest: {} requests in {} ms, statuses {}",
        requests,
        (System.nanoTime() - started) / 1_000_000,
        statuses);

    assertThat(failures).as("hostile requests answered wrongly").isEmpty();
    assertThat(sessions()).as("sessions").isEqualTo(sessionsBefore);
    // sign-ins may start (a return_to of this site), but never with a foreign return path
    assertThat(gateway.rows("select return_to from logins"))
        .allSatisfy(row -> assertThat(safePath(row.getString(0))).as(row.getString(0)).isTrue());
    assertThat(gateway.count("logins")).isGreaterThanOrEqualTo(loginsBefore);
    for (JsonObject seen : upstream.seen) {
      String method = seen.getString("method");
      JsonObject headers = seen.getJsonObject("headers");
      assertThat(method)
          .as("reached a service: %s", seen)
          .isIn("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
      if (!List.of("GET", "HEAD", "OPTIONS").contains(method)) {
        // a state change reaches a service only without a session (so without a token): the
        // CSRF check stopped every one that came with the session cookie
        assertThat(headers.containsKey("authorization"))
            .as("state change with the session's token: %s", seen)
            .isFalse();
      }
      if (!headers.containsKey("authorization")) {
        assertThat(seen.getString("uri"))
            .as("reached a service without a session: %s", seen)
            .startsWith("/api/invoices/public/")
            .doesNotContain("..", "%2e", "%2E", "%2f", "%2F", "\\");
      }
    }
    // the signed-in browser is still signed in: no forged sign-out ended its session
    Answer still = new Raw().get("/auth/session").cookie("lw_session=" + session).send();
    assertThat(still.status).isEqualTo(200);
  }

  // ---- families: each names what it broke

  private String climbOutOfThePublicPages(Raw raw) {
    raw.get(pick(CLIMBS));
    if (random.nextBoolean()) {
      raw.cookie("lw_session=" + session);
    }
    return "climb out of /api/invoices/public";
  }

  private String openRedirect(Raw raw) {
    raw.get("/auth/login?return_to=" + pick(RETURN_TOS));
    return "open redirect through return_to";
  }

  private String forgedCallback(Raw raw) {
    String[] queries = {
      "code=" + token() + "&state=" + token(),
      "state=" + token(),
      "code=" + token(),
      "error=access_denied&state=" + token(),
      "error=%3Cscript%3E&error_description=%3Cscript%3Ealert(1)%3C/script%3E",
      "code=a&code=b&state=c&state=d",
      "code=%zz&state=%",
      "",
    };
    raw.get("/auth/callback?" + pick(queries));
    if (random.nextBoolean()) {
      raw.cookie("lw_login=" + token());
    }
    return "forged callback";
  }

  private String stateChangeWithoutCsrf(Raw raw) {
    String[] methods = {"POST", "PUT", "PATCH", "DELETE"};
    raw.method(pick(methods), pick(PATHS)).cookie("lw_session=" + session + "; XSRF-TOKEN=" + csrf);
    switch (random.nextInt(4)) {
      case 0 -> {} // no header
      case 1 -> raw.header("X-XSRF-TOKEN", token());
      case 2 -> raw.header("X-XSRF-TOKEN", "");
      default -> raw.header("X-XSRF-TOKEN", csrf.substring(0, csrf.length() - 1));
    }
    raw.body("application/json", "{\"status\":\"paid\"}");
    return "state change without the CSRF token";
  }

  private String forgedCookie(Raw raw) {
    String[] cookies = {
      "lw_session=" + token(),
      "lw_session=",
      "lw_session=" + session + "x",
      "lw_session=" + token() + "; lw_session=" + token(),
      "lw_session=%00%ff",
      "lw_session=\"" + token() + "\"",
      "lw_session=" + "A".repeat(4000),
      "lw_session",
    };
    raw.get(pick(PATHS)).cookie(pick(cookies));
    return "forged session cookie";
  }

  private String oddMethod(Raw raw) {
    raw.method(pick(METHODS), pick(PATHS));
    if (random.nextBoolean()) {
      raw.cookie("lw_session=" + session);
    }
    return "odd method";
  }

  private String brokenEscape(Raw raw) {
    String[] tails = {
      "%", "%z", "%zz", "%c0%af", "%00", "%ff%fe", "%25", "%u002e", ";jsessionid=1"
    };
    raw.get(pick(PATHS) + "/" + pick(tails));
    if (random.nextBoolean()) {
      raw.cookie("lw_session=" + session);
    }
    return "broken percent escape";
  }

  private String hostileHeaders(Raw raw) {
    raw.get(pick(PATHS)).cookie("lw_session=" + session);
    switch (random.nextInt(6)) {
      case 0 -> raw.header("X-Padding", "x".repeat(9000 + random.nextInt(20000)));
      case 1 -> raw.header("Origin", "http://evil.example");
      case 2 -> raw.header("Host", "evil.example");
      case 3 -> raw.header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https");
      case 4 -> raw.header("Authorization", "Bearer " + token());
      default -> raw.header("Accept", "*/*;q=" + "9".repeat(300));
    }
    return "hostile header";
  }

  private String garbageBody(Raw raw) {
    byte[] bytes = new byte[random.nextInt(4096) + 1];
    random.nextBytes(bytes);
    String[] types = {"application/json", "text/plain", "multipart/form-data", "", "image/png"};
    raw.method("POST", pick(PATHS)).cookie("lw_session=" + session).body(pick(types), bytes);
    return "garbage body without the CSRF token";
  }

  // ---- checks

  private void check(String family, Raw raw, Answer answer) {
    String what = family + ": " + raw.requestLine() + " → " + answer.status;
    if (answer.status == 0) {
      return; // the connection was refused outright (e.g. an oversized header): nothing served
    }
    if (answer.status >= 500) {
      failures.add(what + " " + answer.body);
      return;
    }
    String path = raw.path.split("\\?")[0];
    if (path.startsWith("/api/")
        && answer.status >= 400
        && answer.status != 431
        && !answer.header("content-type").startsWith("application/problem+json")) {
      // answers of the stand-in service are JSON; the gateway's own refusals must be problems
      if (!answer.body.contains("\"uri\"")) {
        failures.add(what + " is not problem+json: " + answer.header("content-type"));
      }
    }
    String location = answer.header("location");
    if (answer.status / 100 == 3
        && !location.startsWith(gateway.oidc().issuer())
        && !safePath(location)) {
      failures.add(what + " redirects off the site to " + location);
    }
    for (String cookie : answer.setCookies) {
      // a new session, or the session cookie set again without HttpOnly (readable by scripts)
      if (cookie.startsWith("lw_session=") && !cookie.startsWith("lw_session=;")) {
        failures.add(what + " set the session cookie: " + cookie);
      }
    }
  }

  private static boolean safePath(String location) {
    return location.startsWith("/")
        && !location.startsWith("//")
        && !location.startsWith("/\\")
        && location.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  private String sessions() {
    StringBuilder all = new StringBuilder();
    gateway
        .rows("select id_hash, subject, access_token, csrf_token from sessions order by id_hash")
        .forEach(row -> all.append(row.deepToString()).append('\n'));
    return all.toString();
  }

  private String token() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  // ---- raw HTTP/1.1, so that broken requests go out as they are

  private record Answer(
      int status, Map<String, String> headers, List<String> setCookies, String body) {
    Answer(int status, Map<String, String> headers, String body) {
      this(status, headers, List.of(), body);
    }

    String header(String name) {
      return headers.getOrDefault(name, "");
    }
  }

  private static final class Raw {
    String method = "GET";
    String path = "/";
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;

    Raw get(String path) {
      return method("GET", path);
    }

    Raw method(String method, String path) {
      this.method = method;
      this.path = path;
      return this;
    }

    Raw cookie(String cookie) {
      return header("Cookie", cookie);
    }

    Raw header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Raw body(String type, String text) {
      return body(type, text.getBytes(StandardCharsets.UTF_8));
    }

    Raw body(String type, byte[] bytes) {
      if (!type.isEmpty()) {
        headers.put("Content-Type", type);
      }
      body = bytes;
      return this;
    }

    String requestLine() {
      return method + " " + (path.length() > 120 ? path.substring(0, 120) + "…" : path);
    }

    Answer send() {
      try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
        socket.setSoTimeout(30_000);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) {
          head.append("Host: localhost:").append(gateway.port()).append("\r\n");
        }
        headers.forEach(
            (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
          head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        request.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
          request.write(body);
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
        return parse(socket.getInputStream());
      } catch (SocketTimeoutException timeout) {
        return new Answer(599, Map.of(), "no answer within 30 s");
      } catch (IOException closed) {
        // closed before answering (an unreadable request): nothing was served
        return new Answer(0, Map.of(), closed.toString());
      }
    }

    private Answer parse(InputStream in) throws IOException {
      byte[] all = in.readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      if (text.isEmpty()) {
        return new Answer(0, Map.of(), "");
      }
      int end = text.indexOf("\r\n\r\n");
      String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      List<String> setCookies = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("set-cookie")) {
          setCookies.add(lines[i].substring(colon + 1).trim());
        }
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Answer(status, headers, setCookies, end < 0 ? "" : text.substring(end + 4));
    }
  }
}
