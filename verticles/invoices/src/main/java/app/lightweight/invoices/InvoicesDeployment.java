package app.lightweight.invoices;

import app.lightweight.shared.LightweightService;
import io.vertx.core.Deployable;
import java.util.Map;

/** Lets the local launcher find and deploy the invoices service. */
public final class InvoicesDeployment implements LightweightService {
  @Override
  public String name() {
    return InvoicesVerticle.NAME;
  }

  @Override
  public int localPort() {
    return InvoicesVerticle.LOCAL_PORT;
  }

  @Override
  public Deployable verticle(Map<String, String> env) {
    return new InvoicesVerticle(env);
  }
}
