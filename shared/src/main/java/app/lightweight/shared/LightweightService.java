package app.lightweight.shared;

import io.vertx.core.Deployable;
import java.util.Map;

/**
 * A service that the local launcher can find on the classpath ({@link java.util.ServiceLoader}) and
 * deploy next to the others in one JVM.
 */
public interface LightweightService {
  /** e.g. {@code users}; also the prefix of its settings ({@code USERS_HTTP_PORT}). */
  String name();

  /** Its fixed local HTTP port, e.g. 8081. */
  int localPort();

  Deployable verticle(Map<String, String> env);
}
