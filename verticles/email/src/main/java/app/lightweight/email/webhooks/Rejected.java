package app.lightweight.email.webhooks;

/** A webhook we do not believe: answered 401 and logged. */
final class Rejected extends RuntimeException {
  Rejected(String why) {
    super(why, null, false, false);
  }
}
