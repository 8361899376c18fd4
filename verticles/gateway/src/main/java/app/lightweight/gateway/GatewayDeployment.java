package app.lightweight.gateway;

import app.lightweight.shared.LightweightService;
import io.vertx.core.Deployable;
import java.util.Map;

/** Lets the local launcher find and deploy the gateway. */
public final class GatewayDeployment implements LightweightService {
  @Override
  public String name() {
    return GatewayVerticle.NAME;
  }

  @Override
  public int localPort() {
    return GatewayVerticle.LOCAL_PORT;
  }

  @Override
  public Deployable verticle(Map<String, String> env) {
    return new GatewayVerticle(env);
  }
}
