package app.lightweight.invoices;

import app.lightweight.shared.ServiceMain;

/** Runs the invoices service alone in its own JVM. */
public final class InvoicesMain {
  private InvoicesMain() {}

  public static void main(String[] args) {
    ServiceMain.run(InvoicesVerticle.NAME, InvoicesVerticle::new);
  }
}
