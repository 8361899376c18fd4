package app.lightweight.gateway.live;

import app.lightweight.gateway.auth.OpaqueTokens;
import app.lightweight.gateway.auth.SessionCookies;
import app.lightweight.gateway.auth.Sessions;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: a signed-in browser may register for its own
 * {@code live.<subject>} and nothing else, and may never send or publish. A socket opens only with
 * a live session (its cookie on the connection's first request) and an Origin of this site; it
 * closes when its session ends.
 */
public final class LiveBridge {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  private static final long SESSION_CHECK_MS = 30_000;
  private static final String COOKIES = "lightweight.bridge.cookies";

  private final Vertx vertx;
  private final Sessions sessions;
  private final String origin;

  /** Open sockets of this instance: socket → (session id hash, subject). */
  private final Map<SockJSSocket, Owner> owners = new HashMap<>();

  private record Owner(String idHash, String subject) {}

  public LiveBridge(Vertx vertx, Sessions sessions, String publicUrl) {
    this.vertx = vertx;
    this.sessions = sessions;
    URI uri = URI.create(publicUrl);
    this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
  }

  public void mount(Router router) {
    SockJSBridgeOptions options =
        new SockJSBridgeOptions()
            .addOutboundPermitted(new PermittedOptions().setAddressRegex("live\\..+"))
            .setMaxHandlersPerSocket(4);
    // SockJS's framed transports (/eventbus/<server>/<session>/websocket, what the browser's
    // client uses) take the Cookie header out of the request before the socket exists: keep it
    router
        .route("/eventbus/*")
        .handler(
            ctx -> {
              String cookies = ctx.request().getHeader("Cookie");
              if (cookies != null) {
                ctx.put(COOKIES, cookies);
              }
              ctx.next();
            });
    router
        .route("/eventbus/*")
        .subRouter(
            // SockJS's JSESSIONID stickiness echoes the request's whole Cookie header back as a
            // Set-Cookie without HttpOnly (lw_session readable by scripts): off
            SockJSHandler.create(vertx, new SockJSHandlerOptions().setInsertJSESSIONID(false))
                .bridge(options, this::onEvent));
    vertx.eventBus().<String>consumer(Sessions.ENDED_ADDRESS, ended -> closeOf(ended.body()));
    vertx.setPeriodic(SESSION_CHECK_MS, id -> closeEnded());
  }

  private void onEvent(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> admit(event);
      case SOCKET_CLOSED -> {
        owners.remove(event.socket());
        event.complete(true);
      }
      case REGISTER -> {
        Owner owner = owners.get(event.socket());
        String address = event.getRawMessage().getString("address");
        boolean own = owner != null && (LiveEvents.PREFIX + owner.subject()).equals(address);
        if (!own) {
          LOG.info(
              "bridge: {} may not register for {}",
              owner == null ? "a socket without session" : owner.subject(),
              address);
        }
        event.complete(own); // refused: the bridge answers {"type":"err","body":"rejected"}
      }
      // inbound permits nothing; refusing here as well keeps it so if permits ever change
      case SEND, PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private void admit(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    // the connection's first request (the WebSocket upgrade, or the first XHR); read before
    // socket.headers(), which takes the Cookie header out of the very same headers
    var request = socket.routingContext() == null ? null : socket.routingContext().request();
    if (request == null) {
      event.complete(false);
      return;
    }
    String from = request.getHeader("Origin");
    if (from != null && !from.equals(origin)) {
      LOG.info("bridge: socket from origin {} refused", from);
      event.complete(false);
      return;
    }
    String cookies = socket.routingContext().get(COOKIES);
    var cookie = SessionCookies.sessionIn(cookies != null ? cookies : request.getHeader("Cookie"));
    if (cookie.isEmpty()) {
      event.complete(false);
      return;
    }
    String idHash = OpaqueTokens.hash(cookie.get());
    // the bridge reads the socket only once this event completes: frames a browser sends
    // meanwhile (its first register, right after open) wait instead of being dropped
    socket.pause();
    sessions
        .find(idHash)
        .onComplete(
            found -> {
              boolean admitted = found.succeeded() && found.result().isPresent();
              if (admitted) {
                owners.put(socket, new Owner(idHash, found.result().get().subject()));
              }
              event.complete(admitted);
              socket.resume();
            });
  }

  private void closeOf(String idHash) {
    new ArrayList<>(owners.entrySet())
        .stream()
            .filter(entry -> entry.getValue().idHash().equals(idHash))
            .forEach(entry -> close(entry.getKey()));
  }

  /** Sessions end by time or a refused refresh too; their sockets close within half a minute. */
  private void closeEnded() {
    if (owners.isEmpty()) {
      return;
    }
    Set<String> hashes = new HashSet<>();
    owners.values().forEach(owner -> hashes.add(owner.idHash()));
    sessions
        .live(List.copyOf(hashes))
        .onSuccess(
            live ->
                new ArrayList<>(owners.entrySet())
                    .stream()
                        .filter(entry -> !live.contains(entry.getValue().idHash()))
                        .forEach(entry -> close(entry.getKey())));
  }

  private void close(SockJSSocket socket) {
    owners.remove(socket);
    socket.close();
  }
}
