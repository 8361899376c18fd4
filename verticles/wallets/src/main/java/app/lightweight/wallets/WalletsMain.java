package app.lightweight.wallets;

import app.lightweight.shared.ServiceMain;

/** Runs the wallets service alone in its own JVM. */
public final class WalletsMain {
  private WalletsMain() {}

  public static void main(String[] args) {
    ServiceMain.run(WalletsVerticle.NAME, WalletsVerticle::new);
  }
}
