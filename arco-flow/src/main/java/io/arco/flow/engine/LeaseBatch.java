package io.arco.flow.engine;

import java.util.List;

/** What one worker poll leased: run tasks and poll-sensor evaluations (decisions §2.1, §6.7). */
public record LeaseBatch(List<LeasedTask> tasks, List<LeasedSensorEvaluation> sensorEvaluations) {
  /** Nothing leased: the answer of a poll whose wait ended without work. */
  public static final LeaseBatch EMPTY = new LeaseBatch(List.of(), List.of());

  public LeaseBatch {
    tasks = List.copyOf(tasks);
    sensorEvaluations = List.copyOf(sensorEvaluations);
  }

  public boolean isEmpty() {
    return tasks.isEmpty() && sensorEvaluations.isEmpty();
  }
}
