package app.lightweight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser as far as sign-in needs one: follows redirects one at a time, keeps cookies per host
 * (and path), posts forms. Every answer's raw {@code Set-Cookie} headers are kept for assertions.
 */
final class Browser {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Map<String, Map<String, Stored>> jar = new HashMap<>();
  final List<String> setCookies = new ArrayList<>();

  private record Stored(String value, String path) {}

  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
  }

  HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    addCookies(request, URI.create(url));
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    keepCookies(response);
    return response;
  }

  HttpResponse<String> postForm(String url, Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)),
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
  }

  HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers)
      throws IOException, InterruptedException {
    URI uri = request.build().uri();
    addCookies(request, uri);
    headers.forEach(request::header);
    request.timeout(Duration.ofSeconds(30));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    keepCookies(response);
    return response;
  }

  /** A JSON (or empty) request with the CSRF header the web app would send. */
  HttpResponse<String> withCsrf(String method, String url, String json)
      throws IOException, InterruptedException {
    String host = URI.create(url).getRawAuthority();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    String csrf = cookie(host, "XSRF-TOKEN");
    if (csrf != null) {
      headers.put("X-XSRF-TOKEN", csrf);
    }
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)),
        headers);
  }

  /** Follows redirects from an answer until one is not a redirect. */
  HttpResponse<String> follow(HttpResponse<String> response)
      throws IOException, InterruptedException {
    int hops = 0;
    while (response.statusCode() / 100 == 3 && hops++ < 10) {
      response = get(location(response));
    }
    return response;
  }

  static String location(HttpResponse<?> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    return response.uri().resolve(location).toString();
  }

  /**
   * Signs in at the gateway like a person: /auth/login → the provider's login page → its form
   * posted with a username (and claims) → the callback → back to returnTo.
   *
   * @return the gateway's last answer (a 302 to returnTo)
   */
  HttpResponse<String> signIn(String gateway, String username, String returnTo)
      throws IOException, InterruptedException {
    HttpResponse<String> toProvider =
        get(
            gateway
                + "/auth/login?return_to="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    assertThat(toProvider.statusCode()).as(toProvider.body()).isEqualTo(302);
    HttpResponse<String> callback = atProvider(location(toProvider), username);
    return get(location(callback));
  }

  /**
   * Shows the provider's login page and posts it; returns the provider's redirect to the callback.
   */
  HttpResponse<String> atProvider(String authorizeUrl, String username)
      throws IOException, InterruptedException {
    HttpResponse<String> page = get(authorizeUrl);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"username\"");
    HttpResponse<String> callback =
        postForm(
            authorizeUrl,
            Map.of(
                "username",
                username,
                "claims",
                "{\"name\": \"Ada "
                    + username
                    + "\", \"email\": \""
                    + username
                    + "@example.com\"}"));
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
    return callback;
  }

  String cookie(String host, String name) {
    Stored stored = jar.getOrDefault(host, Map.of()).get(name);
    return stored == null ? null : stored.value();
  }

  void setCookie(String host, String name, String value) {
    jar.computeIfAbsent(host, h -> new HashMap<>()).put(name, new Stored(value, "/"));
  }

  /** The raw Set-Cookie header that last set this cookie. */
  String setCookieHeader(String name) {
    for (int i = setCookies.size() - 1; i >= 0; i--) {
      if (setCookies.get(i).startsWith(name + "=")) {
        return setCookies.get(i);
      }
    }
    return null;
  }

  /** The Cookie header this browser sends to a host's path. */
  String cookieHeader(String host, String path) {
    return jar.getOrDefault(host, Map.of()).entrySet().stream()
        .filter(e -> path.startsWith(e.getValue().path()))
        .map(e -> e.getKey() + "=" + e.getValue().value())
        .collect(Collectors.joining("; "));
  }

  private void addCookies(HttpRequest.Builder request, URI uri) {
    String header = cookieHeader(uri.getRawAuthority(), uri.getRawPath());
    if (!header.isEmpty()) {
      request.header("Cookie", header);
    }
  }

  private void keepCookies(HttpResponse<?> response) {
    String host = response.uri().getRawAuthority();
    for (String header : response.headers().allValues("Set-Cookie")) {
      setCookies.add(header);
      for (HttpCookie cookie : HttpCookie.parse(header)) {
        Map<String, Stored> cookies = jar.computeIfAbsent(host, h -> new HashMap<>());
        if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
          cookies.remove(cookie.getName());
        } else {
          cookies.put(
              cookie.getName(),
              new Stored(cookie.getValue(), cookie.getPath() == null ? "/" : cookie.getPath()));
        }
      }
    }
  }
}
