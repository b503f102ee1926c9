package io.arco.flow.model;

/** Task state as the HTTP API shows it (api-contract §4.2). */
public enum PublicTaskState {
  PENDING,
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED
}
