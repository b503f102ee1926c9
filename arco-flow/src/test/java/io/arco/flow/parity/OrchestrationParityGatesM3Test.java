package io.arco.flow.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.AppliedRun;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.ReconciliationRequest;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.fold.Fold;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.PartitionStatus;
import io.arco.flow.model.StalenessReason;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.StalenessView;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parity gates M3 of arco-flow: partition status, staleness with reason codes, reconciliation and
 * execution lineage, driven through the engine under the manual clock.
 */
class OrchestrationParityGatesM3Test {
  private static final Instant T0 = Instant.parse("2025-01-15T09:00:00Z");
  private static final String P1 = "date=d:2025-01-15";
  private static final Optional<String> NO_KEY = Optional.empty();

  /** s.raw and s.clean (daily, s.clean depends on s.raw) and the unpartitioned s.dim. */
  private static ObjectNode manifest(String codeVersion) {
    ObjectNode m = EngineFixture.manifest("s.raw", "s.clean<-s.raw", "s.dim");
    m.put("codeVersionId", codeVersion);
    for (int i = 0; i < 2; i++) {
      ObjectNode dim = ((ObjectNode) ((ArrayNode) m.get("assets")).get(i)).putObject("partitioning");
      dim.putArray("dimensions").addObject().put("name", "date").put("kind", "time").put("granularity", "day");
    }
    return m;
  }

  private static TriggerRequest trigger(String asset, Optional<String> partition, boolean upstream) {
    return new TriggerRequest(List.of(asset), upstream, false, List.of(), partition, NO_KEY, Map.of());
  }

  private static List<LeasedTask> lease(EngineFixture f) {
    return f.engine.lease(EngineFixture.WS, new LeaseRequest("w", List.of("default-queue"), 10, 0));
  }

  private static void complete(EngineFixture f, LeasedTask t, TaskOutcome outcome, Optional<TaskOutput> output) {
    Optional<TaskError> error =
        outcome == TaskOutcome.FAILED
            ? Optional.of(new TaskError(ErrorCategory.DATA_QUALITY, "bad rows", Optional.empty(), Optional.of(false)))
            : Optional.empty();
    f.complete(t, outcome, output, error);
  }

  /** Leases and succeeds every claimable task until none is left. */
  private static void drain(EngineFixture f) {
    for (List<LeasedTask> batch = lease(f); !batch.isEmpty(); batch = lease(f)) {
      batch.forEach(t -> complete(f, t, TaskOutcome.SUCCEEDED, Optional.empty()));
    }
  }

  private static List<StalenessView> staleness(EngineFixture f) {
    return f.engine.staleness(EngineFixture.WS, Optional.empty(), Optional.empty(), 100);
  }

  private static PartitionStatusView partition(EngineFixture f, String asset, String key) {
    return f.engine
        .listPartitions(EngineFixture.WS, new PartitionQuery(Optional.of(asset), false, Optional.empty(), Optional.empty(), 100))
        .stream()
        .filter(v -> v.partitionKey().equals(key))
        .findFirst()
        .orElseThrow();
  }

  private static String entry(StalenessView v) {
    return v.assetKey() + "/" + v.partitionKey().orElse("-") + "/" + v.reason();
  }

  @Test
  void neverMaterializedIsStaleWithItsReasonCode() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      assertThat(staleness(f)).extracting(OrchestrationParityGatesM3Test::entry).containsExactly("s.dim/-/NEVER_MATERIALIZED");

      f.engine.triggerRun(EngineFixture.WS, trigger("s.raw", Optional.of(P1), false), "u");
      LeasedTask t = lease(f).get(0);
      assertThat(partition(f, "s.raw", P1).status()).isEqualTo(PartitionStatus.IN_PROGRESS);
      complete(f, t, TaskOutcome.FAILED, Optional.empty());

      assertThat(staleness(f)).extracting(OrchestrationParityGatesM3Test::entry)
          .containsExactly("s.dim/-/NEVER_MATERIALIZED", "s.raw/" + P1 + "/NEVER_MATERIALIZED");
      StalenessView raw = staleness(f).get(1);
      assertThat(raw.staleSince()).isEmpty();
      assertThat(raw.causes()).isEmpty();
      PartitionStatusView row = partition(f, "s.raw", P1);
      assertThat(row.status()).isEqualTo(PartitionStatus.FAILED);
      assertThat(row.staleness().orElseThrow().reason()).isEqualTo(StalenessReason.NEVER_MATERIALIZED);
      assertThat(row.lastAttemptOutcome()).contains(TaskOutcome.FAILED);
      assertThat(row.lastMaterializationRunId()).isEmpty();
    }
  }

  @Test
  void aCodeVersionChangeIsStale() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      f.engine.triggerRun(EngineFixture.WS, trigger("s.clean", Optional.of(P1), true), "u");
      f.engine.triggerRun(EngineFixture.WS, trigger("s.dim", Optional.empty(), false), "u");
      drain(f);
      assertThat(staleness(f)).isEmpty();
      assertThat(partition(f, "s.clean", P1).lastMaterializationCodeVersion()).contains("code-1");

      f.advance(Duration.ofHours(1));
      Instant redeployed = f.clock.instant();
      f.deploy(manifest("code-2"));

      List<StalenessView> stale = staleness(f);
      assertThat(stale).extracting(OrchestrationParityGatesM3Test::entry)
          .containsExactly("s.clean/" + P1 + "/CODE_CHANGED", "s.dim/-/CODE_CHANGED", "s.raw/" + P1 + "/CODE_CHANGED");
      assertThat(stale).allSatisfy(v -> {
        assertThat(v.staleSince()).as("the latest manifest's deployedAt").contains(redeployed);
        assertThat(v.causes()).singleElement().satisfies(c -> assertThat(c.codeVersion()).contains("code-2"));
      });

      List<AppliedRun> runs =
          f.engine.applyReconciliation(EngineFixture.WS, new ReconciliationRequest(List.of("s/raw", "s.dim"), Optional.empty()), "u");
      assertThat(runs).extracting(AppliedRun::created).containsOnly(true);
      drain(f);
      assertThat(staleness(f)).extracting(OrchestrationParityGatesM3Test::entry)
          .as("s.clean is still on the old code and now older than its upstream")
          .containsExactly("s.clean/" + P1 + "/CODE_CHANGED");
    }
  }

  @Test
  void aNewerUpstreamMakesTheDownstreamStale() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      f.engine.triggerRun(EngineFixture.WS, trigger("s.clean", Optional.of(P1), true), "u");
      drain(f);
      assertThat(f.engine.staleness(EngineFixture.WS, Optional.of("s.clean"), Optional.empty(), 10)).isEmpty();

      f.advance(Duration.ofMinutes(30));
      Instant rematerialized = f.clock.instant();
      f.engine.triggerRun(EngineFixture.WS, trigger("s.raw", Optional.of(P1), false), "u");
      drain(f);

      StalenessView v = f.engine.staleness(EngineFixture.WS, Optional.of("s.clean"), Optional.empty(), 10).get(0);
      assertThat(v.reason()).isEqualTo(StalenessReason.UPSTREAM_CHANGED);
      assertThat(v.staleSince()).contains(rematerialized);
      assertThat(v.causes()).singleElement().satisfies(c -> {
        assertThat(c.assetKey()).contains("s.raw");
        assertThat(c.partitionKey()).contains(P1);
        assertThat(c.at()).contains(rematerialized);
      });

      ReconciliationRequest request = new ReconciliationRequest(List.of("s.clean"), Optional.of(List.of(P1)));
      List<ReconciliationRun> plan = f.engine.planReconciliation(EngineFixture.WS, request);
      assertThat(plan).singleElement().satisfies(r -> assertThat(r.runKey()).startsWith("reconcile:s.clean:" + P1 + ":"));
      assertThat(f.engine.planReconciliation(EngineFixture.WS, request)).as("no side effects, same keys").isEqualTo(plan);
      List<AppliedRun> first = f.engine.applyReconciliation(EngineFixture.WS, request, "u");
      List<AppliedRun> again = f.engine.applyReconciliation(EngineFixture.WS, request, "u");
      assertThat(first).singleElement().satisfies(r -> assertThat(r.created()).isTrue());
      assertThat(again).singleElement().satisfies(r -> {
        assertThat(r.created()).isFalse();
        assertThat(r.runId()).isEqualTo(first.get(0).runId());
      });
      var run = f.engine.getRun(EngineFixture.WS, first.get(0).runId());
      assertThat(run.runKey()).contains(plan.get(0).runKey());
      assertThat(run.tasks()).singleElement().satisfies(t -> assertThat(t.partitionKey()).contains(P1));

      drain(f);
      assertThat(f.engine.staleness(EngineFixture.WS, Optional.of("s.clean"), Optional.empty(), 10)).isEmpty();
    }
  }

  @Test
  void theGlobalIdempotencyGateDropsDuplicateKeys() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      f.engine.triggerRun(EngineFixture.WS, trigger("s.clean", Optional.of(P1), true), "u");
      List<LeasedTask> first = lease(f);
      complete(f, first.get(0), TaskOutcome.SUCCEEDED, Optional.empty());
      long head = f.store.head(EngineFixture.WS);

      // A repeated completion is refused before anything is appended.
      assertThatThrownBy(() -> complete(f, first.get(0), TaskOutcome.SUCCEEDED, Optional.empty()))
          .isInstanceOf(FlowException.class);
      assertThat(f.store.head(EngineFixture.WS)).isEqualTo(head);

      // Refolding the log with every event duplicated (same key, new id, later time) changes nothing.
      List<StoredEvent> log = f.store.read(EngineFixture.WS, 0, 10_000);
      FoldState refolded = new FoldState();
      List<Boolean> duplicatesApplied = new ArrayList<>();
      for (StoredEvent e : log) {
        EventEnvelope env = e.envelope();
        assertThat(Fold.apply(refolded, env)).isTrue();
        EventEnvelope dup =
            EventEnvelope.of(env.eventId() + "DUP", env.timestamp().plusSeconds(1), env.scope(), env.data(), env.idempotencyKey());
        duplicatesApplied.add(Fold.apply(refolded, dup));
      }
      assertThat(duplicatesApplied).containsOnly(false);
      assertThat(refolded.idempotencyKeyCount()).isEqualTo(log.size());
      byte[] live = f.engine.read(EngineFixture.WS, s -> SnapshotCodec.encode(s.snapshot()));
      assertThat(SnapshotCodec.encode(refolded.snapshot())).isEqualTo(live);
      assertThat(refolded.partitionStatus("s.raw", P1).orElseThrow().status()).isEqualTo(PartitionStatus.MATERIALIZED);
    }
  }

  @Test
  void aHeartbeatTimeoutOrARunCancelEndsInProgress() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      f.engine.triggerRun(EngineFixture.WS, trigger("s.raw", Optional.of(P1), false), "u");
      lease(f);
      assertThat(partition(f, "s.raw", P1).status()).isEqualTo(PartitionStatus.IN_PROGRESS);

      f.advance(Duration.ofSeconds(331));

      PartitionStatusView timedOut = partition(f, "s.raw", P1);
      assertThat(timedOut.status()).as("the TIMEOUT completion is a failed attempt").isEqualTo(PartitionStatus.FAILED);
      assertThat(timedOut.lastAttemptOutcome()).contains(TaskOutcome.FAILED);

      f.advance(Duration.ofMinutes(5));
      LeasedTask retry = lease(f).get(0);
      assertThat(retry.attempt()).isEqualTo(2);
      assertThat(partition(f, "s.raw", P1).status()).isEqualTo(PartitionStatus.IN_PROGRESS);
      f.engine.cancelRun(EngineFixture.WS, retry.runId(), Optional.empty(), "u");
      assertThat(partition(f, "s.raw", P1).status())
          .as("a claimed, never started task is cancelled without a completion")
          .isEqualTo(PartitionStatus.FAILED);
      assertThat(f.engine.partitionSummary(EngineFixture.WS, "s.raw").inProgressPartitions()).isZero();
    }
  }

  @Test
  void aSuccessfulMaterializationLinksExecutionLineageToTableVersionAndPartition() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(manifest("code-1"));
      String runId = f.engine.triggerRun(EngineFixture.WS, trigger("s.raw", Optional.of(P1), false), "u").runId();
      LeasedTask t = lease(f).get(0);
      TaskOutput output =
          new TaskOutput(
              Optional.of("m-1"), Optional.of(42L), Optional.empty(), Optional.empty(),
              Optional.of("warehouse.raw"), Optional.of(7L), Optional.of(P1), Optional.empty(),
              Optional.empty(), Optional.empty());
      complete(f, t, TaskOutcome.SUCCEEDED, Optional.of(output));

      String expected =
          "{\"runId\":\"" + runId + "\",\"taskKey\":\"s.raw\",\"attempt\":1,\"materializationId\":\"m-1\","
              + "\"deltaTable\":\"warehouse.raw\",\"deltaVersion\":7,\"deltaPartition\":\"" + P1 + "\"}";
      var task = f.engine.getRun(EngineFixture.WS, runId).tasks().get(0);
      assertThat(task.executionLineageRef()).contains(expected);
      PartitionStatusView row = partition(f, "s.raw", P1);
      assertThat(row.executionLineageRef()).contains(expected);
      assertThat(row.lastMaterializationRunId()).contains(runId);
      assertThat(row.deltaTable()).contains("warehouse.raw");
      assertThat(row.deltaVersion()).contains(7L);
      assertThat(row.deltaPartition()).contains(P1);
      assertThat(row.status()).isEqualTo(PartitionStatus.MATERIALIZED);
      assertThat(row.lastMaterializationAt()).contains(f.clock.instant());
    }
  }
}
