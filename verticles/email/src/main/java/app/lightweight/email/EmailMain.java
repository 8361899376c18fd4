package app.lightweight.email;

import app.lightweight.shared.ServiceMain;

/** Runs the email service alone in its own JVM. */
public final class EmailMain {
  private EmailMain() {}

  public static void main(String[] args) {
    ServiceMain.run(EmailVerticle.NAME, EmailVerticle::new);
  }
}
