package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.fold.FoldState;
import io.arco.flow.store.SqliteEventStore;
import io.arco.flow.store.StoredSnapshot;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliation validation and atomicity, and the snapshot format the new projections need. */
class ReconciliationEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T09:00:00Z");

  private static ReconciliationRequest select(String... assets) {
    return new ReconciliationRequest(List.of(assets), Optional.empty());
  }

  private static FlowError error(Runnable call) {
    return catchThrowableOfType(FlowException.class, call::run).error();
  }

  @Test
  void theSelectionIsValidatedLikeATrigger() {
    try (EngineFixture f = new EngineFixture(T0)) {
      assertThat(error(() -> f.engine.planReconciliation(EngineFixture.WS, select())).message())
          .isEqualTo("assetSelection cannot be empty");
      assertThat(error(() -> f.engine.planReconciliation(EngineFixture.WS, select("s.a"))).message())
          .isEqualTo("no manifest deployed for workspace; deploy a manifest before triggering a run");
      f.deploy(EngineFixture.manifest("s.a"));
      assertThat(error(() -> f.engine.applyReconciliation(EngineFixture.WS, select("s.zz", "s.a", "s.b"), "u")).message())
          .isEqualTo("unknown asset keys: s.b, s.zz");
      assertThat(error(() -> f.engine.planReconciliation(EngineFixture.WS, select("S.A"))))
          .isInstanceOf(FlowError.InvalidRequest.class);
      assertThat(f.engine.planReconciliation(EngineFixture.WS, select("s/a")))
          .extracting(r -> r.runKey()).singleElement().asString().startsWith("reconcile:s.a:-:");
    }
  }

  @Test
  void anApplyRefusedForOneEntryWritesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest("s.a", "s.b"));
      List<String> keys =
          f.engine.planReconciliation(EngineFixture.WS, select("s.a", "s.b")).stream().map(r -> r.runKey()).toList();
      // Someone took s.b's reconcile key for another payload.
      f.engine.triggerRun(
          EngineFixture.WS,
          new TriggerRequest(List.of("s.a"), false, false, List.of(), Optional.empty(), Optional.of(keys.get(1)), Map.of()),
          "u");
      long head = f.store.head(EngineFixture.WS);

      FlowError e = error(() -> f.engine.applyReconciliation(EngineFixture.WS, select("s.a", "s.b"), "u"));

      assertThat(e).isInstanceOf(FlowError.RunKeyConflict.class);
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);
      boolean reserved = f.engine.read(EngineFixture.WS, s -> s.runKey(keys.get(0)).isPresent());
      assertThat(reserved).isFalse();
    }
  }

  @Test
  void aSnapshotOfAnOlderFormatIsIgnoredAndTheLogRefolded(@TempDir Path dir) {
    Path db = dir.resolve("arco.db");
    String runId;
    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0)) {
      f.deploy(EngineFixture.manifest("s.a"));
      runId = f.engine.triggerRun(EngineFixture.WS, TriggerRequest.of(List.of("s.a")), "u").runId();
      LeasedTask t = f.engine.lease(EngineFixture.WS, new LeaseRequest("w", List.of("default-queue"), 1, 0)).get(0);
      f.succeed(t);
    }
    // Replace the shutdown snapshot by an empty one of format 1 at the same position.
    String empty = new String(SnapshotCodec.encode(new FoldState().snapshot()), StandardCharsets.UTF_8);
    String old = empty.replace("\"format_version\":" + FoldSnapshot.FORMAT_VERSION, "\"format_version\":1");
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      long head = store.head(EngineFixture.WS);
      store.saveSnapshot(EngineFixture.WS, new StoredSnapshot(head, old.getBytes(StandardCharsets.UTF_8)));
    }

    try (EngineFixture f = new EngineFixture(SqliteEventStore.open(db), T0.plus(Duration.ofSeconds(1)))) {
      assertThat(f.engine.getRun(EngineFixture.WS, runId).tasks()).hasSize(1);
      boolean materialized = f.engine.read(EngineFixture.WS, s -> s.assetMaterialization("s.a").isPresent());
      assertThat(materialized).isTrue();
    }
  }
}
