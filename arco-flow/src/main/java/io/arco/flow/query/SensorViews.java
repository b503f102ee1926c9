package io.arco.flow.query;

import io.arco.flow.control.PollableSensors;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.SensorDefinitionRow;
import io.arco.flow.fold.SensorEvalRow;
import io.arco.flow.fold.SensorStateRow;
import io.arco.flow.model.SensorStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Read models of sensors and their evaluation history. A sensor exists once it has a definition
 * (from a manifest) or a state row (its first evaluation, api-contract §9).
 */
public final class SensorViews {
  private SensorViews() {}

  public static Optional<SensorView> of(FoldState state, String sensorId, int leaseSeconds) {
    SensorDefinitionRow def = state.sensorDefinitions().get(sensorId);
    SensorStateRow st = state.sensorStates().get(sensorId);
    if (def == null && st == null) {
      return Optional.empty();
    }
    return Optional.of(view(sensorId, Optional.ofNullable(def), Optional.ofNullable(st), leaseSeconds));
  }

  /** Sensors sorted by id, after {@code afterId} when given, at most {@code limit + 1}. */
  public static List<SensorView> list(
      FoldState state, Optional<String> afterId, int limit, int leaseSeconds) {
    TreeSet<String> ids = new TreeSet<>(state.sensorDefinitions().keySet());
    ids.addAll(state.sensorStates().keySet());
    List<SensorView> out = new ArrayList<>();
    for (String id : afterId.isPresent() ? ids.tailSet(afterId.get(), false) : ids) {
      if (out.size() > limit) {
        break;
      }
      of(state, id, leaseSeconds).ifPresent(out::add);
    }
    return out;
  }

  private static SensorView view(
      String id, Optional<SensorDefinitionRow> def, Optional<SensorStateRow> st, int leaseSeconds) {
    Optional<Instant> next =
        def.flatMap(d -> PollableSensors.nextEvaluationAt(d, st, leaseSeconds))
            // A sensor never evaluated and not leased is due at once: no time to show.
            .filter(at -> !at.equals(Instant.EPOCH));
    return new SensorView(
        id,
        st.flatMap(SensorStateRow::cursor),
        st.flatMap(SensorStateRow::lastEvaluationAt),
        st.flatMap(SensorStateRow::lastEvalId),
        st.map(SensorStateRow::status).orElse(SensorStatus.ACTIVE),
        st.map(SensorStateRow::stateVersion).orElse(0),
        def.map(SensorDefinitionRow::kind),
        def.map(SensorDefinitionRow::assetSelection).orElse(List.of()),
        def.map(SensorDefinitionRow::minIntervalSeconds),
        next,
        st.flatMap(SensorStateRow::lease)
            .filter(l -> l.stateVersion() == st.get().stateVersion())
            .map(l -> new SensorView.Lease(l.stateVersion(), l.workerId(), l.leasedAt())));
  }

  public static SensorEvalView eval(SensorEvalRow r) {
    return new SensorEvalView(
        r.evalId(),
        r.sensorId(),
        r.cursorBefore(),
        r.cursorAfter(),
        r.evaluatedAt(),
        r.status(),
        r.triggerSource(),
        r.expectedStateVersion(),
        r.runRequests());
  }

  private static final Comparator<SensorEvalRow> ORDER =
      Comparator.comparing(SensorEvalRow::evaluatedAt)
          .reversed()
          .thenComparing(SensorEvalRow::evalId);

  /** Filters of an evaluation history query (api-contract §9.4); bounds are inclusive. */
  public record EvalQuery(
      Optional<Instant> since,
      Optional<Instant> until,
      Optional<String> status,
      Optional<Instant> afterEvaluatedAt,
      Optional<String> afterEvalId,
      int limit) {}

  /**
   * A sensor's evaluations, {@code evaluatedAt} descending then {@code evalId} ascending, filtered
   * and resumed strictly after the cursor tuple; at most {@code limit + 1} (an unknown sensor has
   * none).
   */
  public static List<SensorEvalView> evals(FoldState state, String sensorId, EvalQuery q) {
    return evals(state.sensorEvalsOf(sensorId), List.of(), q);
  }

  /**
   * One page over the evaluations in memory (read first) and a page from history (read after);
   * an evaluation that left memory in between appears once.
   */
  public static List<SensorEvalView> evals(
      List<SensorEvalRow> live, List<SensorEvalRow> history, EvalQuery q) {
    java.util.Map<String, SensorEvalRow> byId = new java.util.HashMap<>();
    live.forEach(r -> byId.put(r.evalId(), r));
    history.forEach(r -> byId.put(r.evalId(), r));
    List<SensorEvalRow> rows = new ArrayList<>();
    for (SensorEvalRow r : byId.values()) {
      if (q.since().map(s -> r.evaluatedAt().isBefore(s)).orElse(false)
          || q.until().map(u -> r.evaluatedAt().isAfter(u)).orElse(false)
          || q.status().map(s -> !s.equals(r.status().filterName())).orElse(false)) {
        continue;
      }
      if (q.afterEvaluatedAt().isPresent()) {
        int c = r.evaluatedAt().compareTo(q.afterEvaluatedAt().get());
        if (c > 0 || (c == 0 && r.evalId().compareTo(q.afterEvalId().orElse("")) <= 0)) {
          continue;
        }
      }
      rows.add(r);
    }
    rows.sort(ORDER);
    return rows.stream().limit(q.limit() + 1L).map(SensorViews::eval).toList();
  }
}
