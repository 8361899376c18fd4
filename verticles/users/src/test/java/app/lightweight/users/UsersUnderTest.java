package app.lightweight.users;

import app.lightweight.shared.testing.ServiceFixture;

/** The users service under test. */
final class UsersUnderTest {
  private UsersUnderTest() {}

  /** Started before the test class, emptied before each test. */
  static ServiceFixture fixture() {
    return ServiceFixture.of(UsersVerticle.NAME, UsersVerticle::new)
        .tables("profiles", "outbox", "idempotency_keys")
        .scopes("users:read users:write");
  }
}
