package io.arco.flow.model;

/** Internal run state of the fold (flow-model part 2 §5). */
public enum RunState {
  TRIGGERED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
