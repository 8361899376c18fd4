package app.lightweight.wallets.ledger;

import java.util.List;

/** What became of a posting. */
public sealed interface Outcome {
  String id();

  /** Posted now, or earlier with the same content ({@code replayed}); the main transfer first. */
  record Accepted(String id, List<Transfer> transfers, boolean replayed) implements Outcome {
    public Transfer main() {
      return transfers.get(0);
    }
  }

  /** The id is taken by a transfer with different content; nothing moved. */
  record Reused(String id) implements Outcome {}

  /** An account that may not go negative lacks {@code shortfall}; nothing moved. */
  record Refused(String id, String account, long balance, long shortfall) implements Outcome {}
}
