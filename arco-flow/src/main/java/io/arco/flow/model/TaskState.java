package io.arco.flow.model;

/**
 * Internal task state of the fold (flow-model part 2 §2.1). Terminal states are absorbing. The
 * rank only breaks ties when two copies of a row share a row version.
 */
public enum TaskState {
  PLANNED(0, false, PublicTaskState.PENDING),
  BLOCKED(1, false, PublicTaskState.PENDING),
  READY(2, false, PublicTaskState.QUEUED),
  DISPATCHED(3, false, PublicTaskState.QUEUED),
  RUNNING(4, false, PublicTaskState.RUNNING),
  RETRY_WAIT(5, false, PublicTaskState.PENDING),
  SKIPPED(10, true, PublicTaskState.SKIPPED),
  CANCELLED(11, true, PublicTaskState.CANCELLED),
  FAILED(12, true, PublicTaskState.FAILED),
  SUCCEEDED(13, true, PublicTaskState.SUCCEEDED);

  private final int rank;
  private final boolean terminal;
  private final PublicTaskState publicState;

  TaskState(int rank, boolean terminal, PublicTaskState publicState) {
    this.rank = rank;
    this.terminal = terminal;
    this.publicState = publicState;
  }

  public int rank() {
    return rank;
  }

  public boolean isTerminal() {
    return terminal;
  }

  /** The state the API shows for this internal state (api-contract §4.2). */
  public PublicTaskState publicState() {
    return publicState;
  }
}
