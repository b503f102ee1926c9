package io.arco.flow.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.RunRequest;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.SensorDefinitionUpserted;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.SensorEvaluationLeased;
import io.arco.flow.event.SensorStatusChanged;
import io.arco.flow.event.SourceRef;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import io.arco.flow.testing.FoldHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldSensorTest {
  private final FoldHarness h = new FoldHarness();

  private static SensorEvaluated poll(String evalId, int expected, long epoch, Optional<String> cursorAfter, SensorEvalStatus status, List<RunRequest> requests) {
    return new SensorEvaluated(
        "bucket", evalId, Optional.empty(), cursorAfter, Optional.of(expected), new TriggerSource.Poll(epoch), requests, status);
  }

  private static RunRequest request(String key) {
    return new RunRequest(key, "fp", List.of("s.a"), Optional.empty(), Optional.empty());
  }

  private static RunRequested requested(String key, String evalId) {
    return new RunRequested(key, "fp", List.of("s.a"), Optional.empty(), new SourceRef.Sensor("bucket", evalId), Map.of(), Optional.empty());
  }

  private SensorStateRow state() {
    return h.state().sensorStates().get("bucket");
  }

  @Test
  void aMatchingExpectedVersionAdvancesCursorAndVersionAndConsumesTheLease() {
    h.apply(new SensorDefinitionUpserted("bucket", SensorKind.POLL, List.of("s.a"), 30, Optional.empty()));
    h.apply(new SensorEvaluationLeased("bucket", 0, 100, "w1"));
    assertThat(state().lease()).isPresent();

    h.advance(Duration.ofSeconds(5));
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.Triggered(), List.of(request("k1"))));
    h.apply(requested("k1", "e1"));

    assertThat(state().cursor()).contains("c1");
    assertThat(state().stateVersion()).isEqualTo(1);
    assertThat(state().lease()).isEmpty();
    assertThat(state().lastEvaluationAt()).contains(h.now());
    assertThat(h.state().runKey("k1")).isPresent();
    h.assertReplayEqualsLive();
  }

  @Test
  void aStaleExpectedVersionIsRecordedAsSkippedAndItsRunRequestsAreDropped() {
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.NoNewData(), List.of()));
    h.apply(poll("e2", 0, 101, Optional.of("c-stale"), new SensorEvalStatus.Triggered(), List.of(request("k2"))));
    boolean applied = h.apply(requested("k2", "e2"));

    assertThat(h.state().sensorEvals().get("e2").status()).isEqualTo(new SensorEvalStatus.SkippedStaleCursor());
    assertThat(h.state().sensorEvals().get("e2").runRequests()).isEmpty();
    assertThat(applied).isFalse();
    assertThat(h.state().runKey("k2")).isEmpty();
    assertThat(state().cursor()).contains("c1");
    assertThat(state().stateVersion()).isEqualTo(1);
    h.assertReplayEqualsLive();
  }

  @Test
  void anEvaluationWithoutACursorKeepsTheCursorAndAnErrorMarksTheSensor() {
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.NoNewData(), List.of()));
    h.apply(poll("e2", 1, 130, Optional.empty(), new SensorEvalStatus.Error("boom"), List.of()));

    assertThat(state().cursor()).contains("c1");
    assertThat(state().status()).isEqualTo(SensorStatus.ERROR);

    h.apply(poll("e3", 2, 160, Optional.empty(), new SensorEvalStatus.NoNewData(), List.of()));
    assertThat(state().status()).isEqualTo(SensorStatus.ACTIVE);
    assertThat(state().stateVersion()).isEqualTo(3);
  }

  @Test
  void aPausedSensorStaysPausedThroughEvaluations() {
    h.apply(new SensorStatusChanged("bucket", SensorStatus.PAUSED, "ops"));
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.Error("x"), List.of()));

    assertThat(state().status()).isEqualTo(SensorStatus.PAUSED);
    assertThat(h.apply(new SensorStatusChanged("bucket", SensorStatus.PAUSED, "ops"))).isFalse();
    assertThat(h.applyWithKey(new SensorStatusChanged("bucket", SensorStatus.ACTIVE, "ops"), "sensor_resume:bucket:1")).isTrue();
    assertThat(state().status()).isEqualTo(SensorStatus.ACTIVE);
  }

  @Test
  void aPushMessageIdIsTheCursorOnlyOfPushSensors() {
    h.apply(new SensorDefinitionUpserted("bucket", SensorKind.POLL, List.of("s.a"), 30, Optional.empty()));
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.NoNewData(), List.of()));
    h.apply(
        new SensorEvaluated(
            "bucket", "e2", Optional.empty(), Optional.of("msg-1"), Optional.empty(),
            new TriggerSource.Push("msg-1"), List.of(), new SensorEvalStatus.NoNewData()));

    assertThat(state().cursor()).contains("c1");
    assertThat(state().stateVersion()).isEqualTo(2);
  }

  @Test
  void aLeaseForAnotherVersionIsIgnored() {
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.NoNewData(), List.of()));
    assertThat(h.apply(new SensorEvaluationLeased("bucket", 0, 120, "w1"))).isFalse();
    assertThat(h.apply(new SensorEvaluationLeased("bucket", 1, 130, "w1"))).isTrue();
    assertThat(state().lease()).map(SensorLease::pollEpoch).contains(130L);
  }

  @Test
  void aPollEvaluationIsFoundByItsLeaseAndBySensorAlsoAfterASnapshotRoundTripAndOlderOnesLeaveMemory() {
    h.apply(poll("e1", 0, 100, Optional.of("c1"), new SensorEvalStatus.NoNewData(), List.of()));
    h.apply(poll("e2", 1, 130, Optional.of("c2"), new SensorEvalStatus.NoNewData(), List.of()));
    h.apply(
        new SensorEvaluated(
            "other", "e3", Optional.empty(), Optional.of("m"), Optional.empty(),
            new TriggerSource.Push("m"), List.of(), new SensorEvalStatus.NoNewData()));

    for (FoldState s : List.of(h.state(), FoldState.fromSnapshot(h.state().snapshot()))) {
      assertThat(s.pollEvaluation("bucket", 1, 130)).map(SensorEvalRow::evalId).contains("e2");
      assertThat(s.pollEvaluation("bucket", 1, 100)).isEmpty();
      // Each sensor keeps its latest evaluation in memory; e1 left for history when e2 came.
      assertThat(s.sensorEvalsOf("bucket")).extracting(SensorEvalRow::evalId).containsExactly("e2");
      assertThat(s.sensorEvalsOf("other")).extracting(SensorEvalRow::evalId).containsExactly("e3");
    }
    assertThat(h.state().evictedSinceDrain().evals())
        .extracting(e -> e.evalId())
        .containsExactly("e1");
    assertThat(h.state().pollEvaluation("bucket", 0, 100)).map(SensorEvalRow::evalId).contains("e1");
    assertThat(h.state().sensorEval("e1")).isPresent();
  }
}
