package io.arco.flow.fold;

import java.util.List;

/**
 * The pass a backfill is planning (flow-model §0.3.9): round 0 covers the selector; round n (after
 * the n-th retry-failed) covers {@code partitions}, the sorted partitions whose latest chunk did not
 * succeed. Its chunks start at {@code startIndex}; {@code planned} of them exist, {@code succeeded}
 * and {@code failed} (failed or cancelled) have ended.
 */
public record BackfillRound(
    int round, int startIndex, List<String> partitions, int planned, int succeeded, int failed) {
  public BackfillRound {
    partitions = List.copyOf(partitions);
  }

  static BackfillRound first() {
    return new BackfillRound(0, 0, List.of(), 0, 0, 0);
  }

  BackfillRound withPlanned(int p) {
    return new BackfillRound(round, startIndex, partitions, p, succeeded, failed);
  }

  BackfillRound withEnded(int s, int f) {
    return new BackfillRound(round, startIndex, partitions, planned, s, f);
  }
}
