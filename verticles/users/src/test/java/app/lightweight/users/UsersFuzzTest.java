package app.lightweight.users;

import static app.lightweight.shared.testing.ServiceFixture.expect;

import app.lightweight.shared.testing.ContractFuzzer;
import app.lightweight.shared.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation of the contract, attacked: no 5xx, 4xx problem+json, nothing stored changed. */
class UsersFuzzTest {
  @RegisterExtension static final ServiceFixture users = UsersUnderTest.fixture();

  @Test
  void hostileRequestsToEveryOperationAreRefusedAndChangeNothing() throws Exception {
    // the first authenticated call creates the profile: before the snapshot
    expect(users.get("/api/users/me", users.token("fuzzed-studio")), 200);

    ContractFuzzer.of(users, "users/openapi.yaml").subject("fuzzed-studio").run();
  }
}
