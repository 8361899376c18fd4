package app.lightweight.wallets;

import app.lightweight.shared.testing.ContractFuzzer;
import app.lightweight.shared.testing.ServiceFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation of the contract, attacked: no 5xx, 4xx problem+json, nothing stored changed. */
class WalletsFuzzTest {
  @RegisterExtension static final ServiceFixture wallets = Wallets.fixture();

  @Test
  void hostileRequestsToEveryOperationAreRefusedAndChangeNothing() throws Exception {
    Wallets.fund(wallets, Wallets.provider(wallets), "fuzzed-payer", 1_000_000);
    Wallets.awaitNoPendingFundings(wallets, Duration.ofSeconds(10));
    String fundingId = wallets.rows("select id from fundings").get(0).getString(0);

    ContractFuzzer.of(wallets, WalletsVerticle.CONTRACT)
        .subject("fuzzed-payer")
        .value("fundingId", fundingId)
        .value("currency", "NGN")
        .run();
  }
}
