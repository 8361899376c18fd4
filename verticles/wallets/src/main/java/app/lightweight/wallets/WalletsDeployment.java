package app.lightweight.wallets;

import app.lightweight.shared.LightweightService;
import io.vertx.core.Deployable;
import java.util.Map;

/** Lets the local launcher find and deploy the wallets service. */
public final class WalletsDeployment implements LightweightService {
  @Override
  public String name() {
    return WalletsVerticle.NAME;
  }

  @Override
  public int localPort() {
    return WalletsVerticle.LOCAL_PORT;
  }

  @Override
  public Deployable verticle(Map<String, String> env) {
    return new WalletsVerticle(env);
  }
}
