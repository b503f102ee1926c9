package io.arco.flow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.Fold;
import io.arco.flow.model.TaskTransitions;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds events one at a time with increasing event ids and a controllable clock, remembering every
 * envelope so a test can end with {@link #assertReplayEqualsLive()}.
 */
public final class FoldHarness {
  public static final Scope SCOPE = new Scope("t1", "w1");
  public static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  private final FoldState state = new FoldState();
  private final List<EventEnvelope> log = new ArrayList<>();
  private Instant now = T0;
  private long counter;

  public FoldState state() {
    return state;
  }

  public Instant now() {
    return now;
  }

  public FoldHarness advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** A fresh event id that sorts after every earlier one. */
  public String nextEventId() {
    return String.format("01EVT%021d", ++counter);
  }

  /** Folds one event with its derived key; returns whether it applied. */
  public boolean apply(Event e) {
    return apply(EventEnvelope.of(nextEventId(), now, SCOPE, e));
  }

  /** Folds one event under an explicit idempotency key (to get past the gate on purpose). */
  public boolean applyWithKey(Event e, String key) {
    return apply(EventEnvelope.of(nextEventId(), now, SCOPE, e, key));
  }

  public boolean apply(EventEnvelope envelope) {
    log.add(envelope);
    return applyChecked(state, envelope);
  }

  /**
   * Folds an event and checks every task state change it made against {@link TaskTransitions}: the
   * table is the fold's contract, so a change it does not list fails the test that caused it.
   */
  public static boolean applyChecked(FoldState s, EventEnvelope envelope) {
    java.util.Map<String, io.arco.flow.model.TaskState> before = new java.util.HashMap<>();
    s.runsWithTasks().forEach(r -> s.tasksOf(r).values().forEach(t -> before.put(r + "|" + t.taskKey(), t.state())));
    boolean applied = Fold.apply(s, envelope);
    s.runsWithTasks().stream()
        .flatMap(r -> s.tasksOf(r).values().stream())
        .forEach(
            t -> {
              java.util.Optional<io.arco.flow.model.TaskState> from =
                  java.util.Optional.ofNullable(before.get(t.runId() + "|" + t.taskKey()));
              if (!TaskTransitions.allows(from, t.state())) {
                throw new AssertionError(
                    "task " + t.taskKey() + " moved " + from.map(Enum::name).orElse("(new)") + " -> " + t.state()
                        + " on " + envelope.eventType() + ", which the transition table does not allow");
              }
            });
    return applied;
  }

  /** Folds every event in order. */
  public FoldHarness given(Event... events) {
    for (Event e : events) {
      apply(e);
    }
    return this;
  }

  public List<EventEnvelope> log() {
    return List.copyOf(log);
  }

  public TaskRow task(String runId, String key) {
    return state.task(runId, key).orElseThrow(() -> new AssertionError("no task " + key));
  }

  public TaskState stateOf(String runId, String key) {
    return task(runId, key).state();
  }

  /**
   * Every partition row's in-flight set is exactly the DISPATCHED and RUNNING tasks of its pair,
   * and every such task has a row.
   */
  public static void assertInFlightMatchesTasks(FoldState s) {
    java.util.TreeMap<String, List<String>> expected = new java.util.TreeMap<>();
    for (String runId : s.runsWithTasks()) {
      for (TaskRow t : s.tasksOf(runId).values()) {
        boolean inFlight = t.state() == TaskState.DISPATCHED || t.state() == TaskState.RUNNING;
        if (inFlight && t.assetKey().isPresent() && t.partitionKey().isPresent()) {
          expected
              .computeIfAbsent(
                  FoldState.partitionKey(t.assetKey().get(), t.partitionKey().get()),
                  k -> new ArrayList<>())
              .add(t.runId() + "|" + t.taskKey());
        }
      }
    }
    expected.values().forEach(java.util.Collections::sort);
    java.util.TreeMap<String, List<String>> actual = new java.util.TreeMap<>();
    s.partitionStatusIndex()
        .forEach(
            (k, row) -> {
              if (!row.inFlightTasks().isEmpty()) {
                actual.put(k, row.inFlightTasks());
              }
            });
    assertThat(actual).as("in-flight sets of partition status").isEqualTo(expected);
  }

  /** Folding the whole log again from empty gives exactly the live projections. */
  public void assertReplayEqualsLive() {
    FoldState replayed = new FoldState();
    log.forEach(e -> Fold.apply(replayed, e));
    assertThat(replayed.snapshot()).isEqualTo(state.snapshot());
    assertThat(replayed.evictedSinceDrain()).isEqualTo(state.evictedSinceDrain());
    assertThat(FoldState.fromSnapshot(state.snapshot()).snapshot()).isEqualTo(state.snapshot());
    assertThat(replayed.openRuns()).isEqualTo(state.openRuns());
    assertThat(replayed.runsInProgress()).isEqualTo(state.runsInProgress());
    assertThat(FoldState.fromSnapshot(state.snapshot()).runsInProgress())
        .isEqualTo(state.runsInProgress());
    assertThat(state.runsInProgress())
        .as("runs in progress are the open runs with a task claimed at least once")
        .containsExactlyElementsOf(
            state.openRuns().stream()
                .filter(r -> state.tasksOf(r).values().stream().anyMatch(t -> t.attempt() > 0))
                .toList());
    assertThat(replayed.liveTasks()).isEqualTo(state.liveTasks());
    assertThat(FoldState.fromSnapshot(state.snapshot()).liveTasks()).isEqualTo(state.liveTasks());
    assertInFlightMatchesTasks(state);
    assertThat(state.liveTasks())
        .as("the live index holds exactly the READY, DISPATCHED, RUNNING and RETRY_WAIT tasks")
        .containsExactlyElementsOf(
            state.runsWithTasks().stream()
                .flatMap(r -> state.tasksOf(r).values().stream())
                .filter(
                    t ->
                        switch (t.state()) {
                          case READY, DISPATCHED, RUNNING, RETRY_WAIT -> true;
                          default -> false;
                        })
                .toList());
  }
}
