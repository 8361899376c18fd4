package app.lightweight.email;

/**
 * One recipient of a message and how far it got: {@code queued} (also while a transient refusal
 * waits for the next try, see {@code detail}), {@code sent}, {@code deferred} (the provider took it
 * and is retrying), {@code delivered}, {@code bounced}, {@code complained} or {@code failed}.
 */
public record Recipient(
    int position, String kind, String address, String name, String status, String detail) {

  public boolean pending() {
    return status.equals("queued");
  }
}
