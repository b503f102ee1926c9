package io.arco.flow.model;

/** Publication state of a successful task's output (flow-model part 1 §4.5). */
public enum OutputVisibilityState {
  PENDING,
  VISIBLE,
  FAILED
}
