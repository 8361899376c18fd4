package app.lightweight.gateway;

import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.InvoicesVerticle;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of the real invoices service, on one event bus: sign-in tokens are accepted,
 * PDFs stream, and the invoices outbox's events reach the owner's browser, and only theirs.
 */
class LiveUpdatesTest {
  private static final String ADA = "ada-studio";
  private static final String BOLA = "bola-works";
  private static Vertx vertx;
  private static ServiceFixture invoices;
  private static ServiceFixture gateway;
  // kept: a client nobody references is closed by Vert.x, with its connections
  private static io.vertx.core.http.WebSocketClient sockets;

  private Browser ada;
  private Browser bola;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sockets = vertx.createWebSocketClient();
    invoices =
        ServiceFixture.of(InvoicesVerticle.NAME, InvoicesVerticle::new)
            .tables("invoices", "customers", "invoice_counters", "outbox", "idempotency_keys")
            .start(vertx);
    gateway =
        ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
            .tables("sessions", "logins")
            .env("GATEWAY_INVOICES_URL", "http://localhost:" + invoices.port())
            .start(vertx);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    invoices.close();
    await(vertx.close());
  }

  @BeforeEach
  void signIn() throws Exception {
    invoices.clean();
    gateway.clean();
    ada = new Browser();
    ada.signIn(base(), ADA, "/");
    bola = new Browser();
    bola.signIn(base(), BOLA, "/");
  }

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  private static String host() {
    return "localhost:" + gateway.port();
  }

  @Test
  void aBusinessGetsItsOwnEventsAndNeverAnothersAndCannotRegisterForAnothersAddress()
      throws Exception {
    Socket adas = Socket.open(ada);
    Socket bolas = Socket.open(bola);
    adas.send(new JsonObject().put("type", "register").put("address", "live." + ADA));
    bolas.send(new JsonObject().put("type", "register").put("address", "live." + BOLA));
    adas.send(new JsonObject().put("type", "register").put("address", "live." + BOLA));
    // frames are handled in order: the refusal of the last one means the first is registered
    eventually(Duration.ofSeconds(5), () -> assertThat(adas.errors()).hasSize(1));
    bolas.send(new JsonObject().put("type", "register").put("address", "live." + ADA));
    eventually(Duration.ofSeconds(5), () -> assertThat(bolas.errors()).hasSize(1));

    String adasInvoice = createInvoice(ada);
    String bolasInvoice = createInvoice(bola);

    eventually(
        Duration.ofSeconds(10),
        () -> {
          // invoice.created, and the timeline's entry for it (invoice.timeline), in either order
          assertThat(adas.events())
              .as(adas.frames.toString())
              .filteredOn(e -> adasInvoice.equals(e.getString("subject")))
              .extracting(e -> e.getString("type"))
              .contains("invoice.created");
          assertThat(bolas.events()).extracting(e -> e.getString("subject")).contains(bolasInvoice);
        });
    assertThat(adas.events())
        .allSatisfy(e -> assertThat(e.getJsonObject("data").getString("tenant")).isEqualTo(ADA))
        .extracting(e -> e.getString("subject"))
        .doesNotContain(bolasInvoice);
    assertThat(adas.received())
        .allSatisfy(f -> assertThat(f.getString("address")).isEqualTo("live." + ADA));
    assertThat(bolas.events()).extracting(e -> e.getString("subject")).doesNotContain(adasInvoice);
  }

  @Test
  void theBrowserClientsFramedSockJsTransportIsAdmittedByItsSessionCookie() throws Exception {
    // what sockjs-client opens: /eventbus/<server>/<session>/websocket, frames as JSON arrays
    List<String> frames = new CopyOnWriteArrayList<>();
    String cookies = ada.cookieHeader(host(), "/eventbus/000/abcdefgh/websocket");
    WebSocket socket =
        await(
            sockets.connect(
                new WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(gateway.port())
                    .setURI("/eventbus/000/abcdefgh/websocket")
                    .addHeader("Origin", base())
                    .addHeader("Cookie", cookies)));
    socket.textMessageHandler(frames::add);
    String register =
        new JsonObject().put("type", "register").put("address", "live." + ADA).encode();
    await(socket.writeTextMessage(new io.vertx.core.json.JsonArray().add(register).encode()));

    String id = createInvoice(ada);

    eventually(
        Duration.ofSeconds(10),
        () ->
            assertThat(frames)
                .as("frames")
                .anySatisfy(frame -> assertThat(frame).startsWith("a[").contains(id)));
    assertThat(frames).noneMatch(frame -> frame.startsWith("c["));
  }

  @Test
  void aBrowserCanNeitherSendNorPublishOnTheBus() throws Exception {
    List<Object> delivered = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().consumer("live." + BOLA, m -> delivered.add(m.body())).completion());
    await(vertx.eventBus().consumer("invoices.get", m -> delivered.add(m.body())).completion());
    Socket adas = Socket.open(ada);

    adas.send(
        new JsonObject()
            .put("type", "send")
            .put("address", "invoices.get")
            .put("body", new JsonObject().put("id", "inv_x"))
            .put("replyAddress", "reply-1"));
    adas.send(
        new JsonObject()
            .put("type", "publish")
            .put("address", "live." + BOLA)
            .put("body", new JsonObject().put("forged", true)));
    adas.send(
        new JsonObject()
            .put("type", "publish")
            .put("address", "live." + ADA)
            .put("body", new JsonObject().put("forged", true)));

    eventually(Duration.ofSeconds(5), () -> assertThat(adas.errors()).hasSize(3));
    assertThat(adas.errors())
        .allSatisfy(e -> assertThat(e.getString("body")).isEqualTo("rejected"));
    assertThat(delivered).isEmpty();
  }

  @Test
  void aSocketWithoutASessionOrFromAnotherSiteIsClosed() throws Exception {
    Socket anonymous = Socket.open(new Browser());
    Socket foreign = Socket.open(ada, "https://evil.example");

    eventually(
        Duration.ofSeconds(5),
        () -> {
          assertThat(anonymous.closed).isTrue();
          assertThat(foreign.closed).isTrue();
        });
  }

  @Test
  void anInvoiceIsIssuedThroughTheGatewayItsPdfStreamsAndItsPublicPageNeedsNoSignIn()
      throws Exception {
    String id = createInvoice(ada);
    JsonObject issued =
        ServiceFixture.expect(
            ada.withCsrf("POST", base() + "/api/invoices/" + id + "/issue", null), 200);

    HttpResponse<byte[]> pdf = ada.getBytes(base() + "/api/invoices/" + id + "/pdf");

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");

    String payUrl = issued.getString("pay_url");
    String token = payUrl.substring(payUrl.lastIndexOf('/') + 1);
    Browser customer = new Browser();
    JsonObject page =
        ServiceFixture.expect(customer.get(base() + "/api/invoices/public/" + token), 200);
    assertThat(page.toString()).contains(issued.getString("number"));
    assertThat(customer.getBytes(base() + "/api/invoices/public/" + token + "/pdf").statusCode())
        .isEqualTo(200);
  }

  @Test
  void anotherBusinessCannotOpenTheInvoice() throws Exception {
    String id = createInvoice(ada);

    assertThat(bola.get(base() + "/api/invoices/" + id).statusCode()).isEqualTo(404);
    assertThat(ada.get(base() + "/api/invoices/" + id).statusCode()).isEqualTo(200);
  }

  private static String createInvoice(Browser browser) throws Exception {
    String body =
        new JsonObject()
            .put(
                "customer",
                new JsonObject().put("name", "Okafor & Sons").put("email", "a@okafor.example"))
            .put("currency", "NGN")
            .put("issue_date", "2026-11-27")
            .put("due_date", "2026-12-27")
            .put(
                "lines",
                new io.vertx.core.json.JsonArray()
                    .add(
                        new JsonObject()
                            .put("description", "Logo design")
                            .put("quantity", "2.5")
                            .put("unit_price", 1750000)
                            .put("tax_rate", "7.5")))
            .encode();
    return ServiceFixture.expect(browser.withCsrf("POST", base() + "/api/invoices", body), 201)
        .getString("id");
  }

  /** A browser's raw SockJS WebSocket to the bridge, with its cookies and this site's Origin. */
  private static final class Socket {
    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    private final WebSocket socket;

    private Socket(WebSocket socket) {
      this.socket = socket;
      try {
        // the bridge sends its frames as binary messages, errors of our own as text: take both
        socket.handler(data -> frames.add(new JsonObject(data)));
        socket.closeHandler(v -> closed = true);
      } catch (IllegalStateException alreadyClosed) {
        closed = true;
      }
      closed = closed || socket.isClosed();
    }

    static Socket open(Browser browser) {
      return open(browser, base());
    }

    static Socket open(Browser browser, String origin) {
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setHost("localhost")
              .setPort(gateway.port())
              .setURI("/eventbus/websocket")
              .addHeader("Origin", origin);
      String cookies = browser.cookieHeader(host(), "/eventbus/websocket");
      if (!cookies.isEmpty()) {
        options.addHeader("Cookie", cookies);
      }
      return new Socket(await(sockets.connect(options)));
    }

    void send(JsonObject frame) {
      await(socket.writeTextMessage(frame.encode()));
    }

    List<JsonObject> errors() {
      return frames.stream().filter(f -> "err".equals(f.getString("type"))).toList();
    }

    List<JsonObject> received() {
      return frames.stream().filter(f -> "rec".equals(f.getString("type"))).toList();
    }

    List<JsonObject> events() {
      return received().stream().map(f -> f.getJsonObject("body")).toList();
    }
  }
}
