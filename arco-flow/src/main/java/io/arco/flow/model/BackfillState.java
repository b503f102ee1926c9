package io.arco.flow.model;

import java.util.Set;

/**
 * A backfill's lifecycle (flow-model part 1 §4.11 with §0.3.9): terminal are SUCCEEDED, FAILED and
 * CANCELLED. Valid transitions: PENDING→RUNNING, PAUSED→RUNNING, {PENDING, RUNNING, PAUSED}→
 * CANCELLED, RUNNING→{PAUSED, SUCCEEDED, FAILED}, and Arco's retry-failed FAILED→RUNNING.
 */
public enum BackfillState {
  PENDING,
  RUNNING,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public boolean canMoveTo(BackfillState to) {
    Set<BackfillState> allowed =
        switch (this) {
          case PENDING -> Set.of(RUNNING, CANCELLED);
          case RUNNING -> Set.of(PAUSED, SUCCEEDED, FAILED, CANCELLED);
          case PAUSED -> Set.of(RUNNING, CANCELLED);
          case FAILED -> Set.of(RUNNING);
          case SUCCEEDED, CANCELLED -> Set.of();
        };
    return allowed.contains(to);
  }
}
