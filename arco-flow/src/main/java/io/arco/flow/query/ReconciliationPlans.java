package io.arco.flow.query;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.model.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The reconciliation plan (decisions §2.6, §6.10; flow-model part 4 §5.4): one run per stale
 * (asset, partition) of a selection, in (asset key, partition key) order, each with the run key
 * {@code reconcile:{assetKey}:{partitionKey or "-"}:{basis}}. The basis is the first 16 hex digits
 * of SHA-256 over the staleness reason and its causes, so planning twice over the same facts gives
 * the same keys (and an apply replays through the run-key index), while a new upstream
 * materialization, code version or freshness deadline gives a new key. A key longer than the run
 * key limit (256 bytes) carries {@code h} plus 16 hex digits of SHA-256 of the partition key in
 * place of the partition key.
 */
public final class ReconciliationPlans {
  static final int MAX_RUN_KEY_BYTES = 256;

  private ReconciliationPlans() {}

  /**
   * The plan for canonical, known asset keys (sorted); {@code partitionKeys}, when given, keeps only
   * those partitions of partitioned assets (unpartitioned assets of the selection are unaffected).
   */
  public static List<ReconciliationRun> plan(
      FoldState state,
      Staleness staleness,
      SortedSet<String> assetKeys,
      Optional<SortedSet<String>> partitionKeys) {
    List<ReconciliationRun> out = new ArrayList<>();
    for (String asset : assetKeys) {
      if (staleness.isUnpartitioned(asset)) {
        staleness.ofAsset(asset).ifPresent(v -> out.add(run(v)));
      } else if (partitionKeys.isPresent()) {
        for (String pk : partitionKeys.get()) {
          state.partitionStatus(asset, pk)
              .flatMap(staleness::ofPartition)
              .ifPresent(v -> out.add(run(v)));
        }
      } else {
        for (PartitionStatusRow row : state.partitionStatusOf(asset).values()) {
          staleness.ofPartition(row).ifPresent(v -> out.add(run(v)));
        }
      }
    }
    return out;
  }

  static ReconciliationRun run(StalenessView v) {
    return new ReconciliationRun(v.assetKey(), v.partitionKey(), v, runKey(v));
  }

  /** {@code reconcile:{assetKey}:{partitionKey or "-"}:{basis}}. */
  static String runKey(StalenessView v) {
    String basis = Ids.sha256Hex(basisText(v)).substring(0, 16);
    String partition = v.partitionKey().orElse("-");
    String key = "reconcile:" + v.assetKey() + ":" + partition + ":" + basis;
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_RUN_KEY_BYTES) {
      String hashed = "h" + Ids.sha256Hex(partition).substring(0, 16);
      key = "reconcile:" + v.assetKey() + ":" + hashed + ":" + basis;
    }
    return key;
  }

  /**
   * Reason and causes, each field length-prefixed ({@code 3:abc;}, absent {@code ~;}) so distinct
   * bases never share a text.
   */
  static String basisText(StalenessView v) {
    StringBuilder b = new StringBuilder();
    field(b, Optional.of(v.reason().name()));
    for (StalenessCause c : v.causes()) {
      field(b, Optional.of(c.reason().name()));
      field(b, c.assetKey());
      field(b, c.partitionKey());
      field(b, c.at().map(Instant::toString));
      field(b, c.codeVersion());
    }
    return b.toString();
  }

  private static void field(StringBuilder b, Optional<String> value) {
    if (value.isEmpty()) {
      b.append("~;");
    } else {
      b.append(value.get().length()).append(':').append(value.get()).append(';');
    }
  }
}
