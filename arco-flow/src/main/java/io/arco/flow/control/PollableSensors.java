package io.arco.flow.control;

import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.SensorDefinitionRow;
import io.arco.flow.fold.SensorLease;
import io.arco.flow.fold.SensorStateRow;
import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The poll sensors due for an evaluation (decisions §2.9, §6.7): kind POLL, still defined by the
 * latest manifest, not PAUSED (a sensor in ERROR keeps being evaluated so it can recover), at least
 * {@code minIntervalSeconds} after its last evaluation, and without a live lease on its current
 * state version (a lease is live for {@code leaseSeconds}; after that the evaluation is leased again
 * and whichever completion arrives first wins the compare-and-set). Ordered by when they became due,
 * then sensor id.
 */
public final class PollableSensors {
  private PollableSensors() {}

  /** A due sensor: its definition, its state (absent before its first lease) and its version. */
  public record Due(SensorDefinitionRow definition, Optional<SensorStateRow> state, Instant dueAt) {
    public int stateVersion() {
      return state.map(SensorStateRow::stateVersion).orElse(0);
    }

    public Optional<String> cursor() {
      return state.flatMap(SensorStateRow::cursor);
    }
  }

  private static final Comparator<Due> ORDER =
      Comparator.comparing(Due::dueAt).thenComparing(d -> d.definition().sensorId());

  public static List<Due> find(
      FoldState state, Set<String> definedByManifest, Instant now, int leaseSeconds, int limit) {
    List<Due> found = new ArrayList<>();
    for (SensorDefinitionRow def : state.sensorDefinitions().values()) {
      if (def.kind() != SensorKind.POLL || !definedByManifest.contains(def.sensorId())) {
        continue;
      }
      Optional<SensorStateRow> st = Optional.ofNullable(state.sensorStates().get(def.sensorId()));
      nextEvaluationAt(def, st, leaseSeconds)
          .filter(at -> !at.isAfter(now))
          .ifPresent(at -> found.add(new Due(def, st, at)));
    }
    found.sort(ORDER);
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : List.copyOf(found);
  }

  /**
   * When a poll sensor is next due: its last evaluation plus the interval (or at once when never
   * evaluated), pushed to the end of a live lease; empty when the sensor is paused or not POLL.
   */
  public static Optional<Instant> nextEvaluationAt(
      SensorDefinitionRow def, Optional<SensorStateRow> st, int leaseSeconds) {
    if (def.kind() != SensorKind.POLL
        || st.map(s -> s.status() == SensorStatus.PAUSED).orElse(false)) {
      return Optional.empty();
    }
    Instant due =
        st.flatMap(SensorStateRow::lastEvaluationAt)
            .map(t -> t.plus(Duration.ofSeconds(def.minIntervalSeconds())))
            .orElse(Instant.EPOCH);
    Optional<SensorLease> lease =
        st.flatMap(SensorStateRow::lease).filter(l -> l.stateVersion() == st.get().stateVersion());
    if (lease.isPresent()) {
      Instant expires = lease.get().leasedAt().plus(Duration.ofSeconds(leaseSeconds));
      if (expires.isAfter(due)) {
        due = expires;
      }
    }
    return Optional.of(due);
  }
}
