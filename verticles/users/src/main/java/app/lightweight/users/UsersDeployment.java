package app.lightweight.users;

import app.lightweight.shared.LightweightService;
import io.vertx.core.Deployable;
import java.util.Map;

/** Lets the local launcher find and deploy the users service. */
public final class UsersDeployment implements LightweightService {
  @Override
  public String name() {
    return UsersVerticle.NAME;
  }

  @Override
  public int localPort() {
    return UsersVerticle.LOCAL_PORT;
  }

  @Override
  public Deployable verticle(Map<String, String> env) {
    return new UsersVerticle(env);
  }
}
