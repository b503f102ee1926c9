package io.arco.flow.model;

/** How a dependency edge was resolved by its upstream task (flow-model part 2 §1.3). */
public enum EdgeResolution {
  SUCCESS,
  FAILED,
  SKIPPED,
  CANCELLED
}
