package io.arco.flow.model;

/**
 * Outcome of one attempt as carried by a completion event. Workers report SUCCEEDED, FAILED or
 * CANCELLED; SKIPPED exists for controller-authored facts only.
 */
public enum TaskOutcome {
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED
}
