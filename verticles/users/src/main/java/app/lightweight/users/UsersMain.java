package app.lightweight.users;

import app.lightweight.shared.ServiceMain;

/** Runs the users service alone in its own JVM. */
public final class UsersMain {
  private UsersMain() {}

  public static void main(String[] args) {
    ServiceMain.run(UsersVerticle.NAME, UsersVerticle::new);
  }
}
