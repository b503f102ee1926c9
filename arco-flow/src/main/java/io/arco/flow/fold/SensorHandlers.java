package io.arco.flow.fold;

import io.arco.flow.event.SensorDefinitionUpserted;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.SensorEvaluationLeased;
import io.arco.flow.event.SensorStatusChanged;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import java.util.Optional;

/**
 * Fold steps of sensors (flow-model part 4 §2.6 with Arco's §0.3.11): definitions, the lifecycle,
 * poll leases and evaluations applied with compare-and-set on the state version.
 */
final class SensorHandlers {
  private SensorHandlers() {}

  static boolean definition(FoldStep step, SensorDefinitionUpserted e) {
    FoldState s = step.state();
    SensorDefinitionRow old = s.sensorDefinitions.get(e.sensorId());
    if (old != null && step.eventId().compareTo(old.rowVersion()) <= 0) {
      return false;
    }
    s.sensorDefinitions.put(
        e.sensorId(),
        new SensorDefinitionRow(
            e.sensorId(), e.kind(), e.assetSelection(), e.minIntervalSeconds(), e.codeVersion(), step.eventId()));
    return true;
  }

  static boolean statusChanged(FoldStep step, SensorStatusChanged e) {
    FoldState s = step.state();
    SensorStateRow st = s.sensorStates.getOrDefault(e.sensorId(), SensorStateRow.initial(e.sensorId()));
    if (st.status() == e.status()) {
      return false;
    }
    s.sensorStates.put(e.sensorId(), st.withStatus(e.status(), step.eventId()));
    return true;
  }

  static boolean leased(FoldStep step, SensorEvaluationLeased e) {
    FoldState s = step.state();
    SensorStateRow st = s.sensorStates.getOrDefault(e.sensorId(), SensorStateRow.initial(e.sensorId()));
    if (st.stateVersion() != e.stateVersion()) {
      return false;
    }
    SensorLease lease = new SensorLease(e.stateVersion(), e.pollEpoch(), e.workerId(), step.at());
    if (st.lease().equals(Optional.of(lease))) {
      return false;
    }
    s.sensorStates.put(e.sensorId(), st.withLease(Optional.of(lease), step.eventId()));
    return true;
  }

  /**
   * Records the evaluation (stale ones as {@code SKIPPED_STALE_CURSOR}) and, unless stale or older
   * than the state, advances the state: cursor (kept when the evaluation returns none; a push
   * message id is the cursor only of push sensors), last evaluation, version + 1, status ERROR after
   * an error and ACTIVE after a success (a paused sensor stays paused). The lease is consumed.
   */
  static boolean evaluated(FoldStep step, SensorEvaluated e) {
    FoldState s = step.state();
    SensorStateRow st = s.sensorStates.getOrDefault(e.sensorId(), SensorStateRow.initial(e.sensorId()));
    boolean stale =
        e.expectedStateVersion().isPresent() && e.expectedStateVersion().get() != st.stateVersion();
    SensorEvalRow old = s.sensorEvals.get(e.evalId());
    boolean recorded = false;
    if (old == null || step.eventId().compareTo(old.rowVersion()) > 0) {
      // Each sensor keeps its latest evaluation in memory; the ones before it leave for history
      // (their run requests were folded with them).
      java.util.TreeSet<String> earlier = s.evalIdsBySensor.get(e.sensorId());
      if (earlier != null) {
        earlier.stream().filter(id -> !id.equals(e.evalId())).forEach(s::settleEval);
      }
      s.putSensorEval(
          new SensorEvalRow(
              e.evalId(),
              e.sensorId(),
              e.cursorBefore(),
              e.cursorAfter(),
              e.expectedStateVersion(),
              e.triggerSource(),
              stale ? java.util.List.of() : e.runRequests(),
              stale ? new SensorEvalStatus.SkippedStaleCursor() : e.status(),
              step.at(),
              step.eventId()));
      recorded = true;
    }
    if (stale) {
      if (st.lease().isPresent() && st.lease().get().stateVersion() == e.expectedStateVersion().get()) {
        s.sensorStates.put(e.sensorId(), st.withLease(Optional.empty(), st.rowVersion()));
      }
      return recorded;
    }
    if (step.eventId().compareTo(st.rowVersion()) <= 0) {
      return recorded;
    }
    Optional<String> cursor = st.cursor();
    if (e.triggerSource() instanceof TriggerSource.Poll) {
      cursor = e.cursorAfter().or(st::cursor);
    } else {
      SensorDefinitionRow def = s.sensorDefinitions.get(e.sensorId());
      if (def == null || def.kind() == SensorKind.PUSH) {
        cursor = e.cursorAfter().or(st::cursor);
      }
    }
    SensorStatus status =
        st.status() == SensorStatus.PAUSED
            ? SensorStatus.PAUSED
            : e.status() instanceof SensorEvalStatus.Error ? SensorStatus.ERROR : SensorStatus.ACTIVE;
    s.sensorStates.put(
        e.sensorId(),
        new SensorStateRow(
            e.sensorId(),
            cursor,
            Optional.of(step.at()),
            Optional.of(e.evalId()),
            status,
            st.stateVersion() + 1,
            Optional.empty(),
            step.eventId()));
    return true;
  }

  /** A run request of an evaluation recorded as stale is dropped (flow-model part 4 §2.7). */
  static boolean fromStaleEvaluation(FoldState s, String evalId) {
    SensorEvalRow eval = s.sensorEvals.get(evalId);
    if (eval == null && s.evicted.evals.containsKey(evalId)) {
      eval = s.evicted.evals.get(evalId).eval();
    }
    return eval != null && eval.status() instanceof SensorEvalStatus.SkippedStaleCursor;
  }
}
