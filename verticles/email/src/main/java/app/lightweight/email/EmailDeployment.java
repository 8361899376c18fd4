package app.lightweight.email;

import app.lightweight.shared.LightweightService;
import io.vertx.core.Deployable;
import java.util.Map;

/** Lets the local launcher find and deploy the email service. */
public final class EmailDeployment implements LightweightService {
  @Override
  public String name() {
    return EmailVerticle.NAME;
  }

  @Override
  public int localPort() {
    return EmailVerticle.LOCAL_PORT;
  }

  @Override
  public Deployable verticle(Map<String, String> env) {
    return new EmailVerticle(env);
  }
}
