package app.lightweight.gateway;

import app.lightweight.shared.ServiceMain;

/** Runs the gateway alone in its own JVM. */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) {
    ServiceMain.run(GatewayVerticle.NAME, GatewayVerticle::new);
  }
}
