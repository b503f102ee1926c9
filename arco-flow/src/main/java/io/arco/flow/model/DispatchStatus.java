package io.arco.flow.model;

/** Status of an in-flight dispatch intent in the outbox projection. */
public enum DispatchStatus {
  PENDING,
  CREATED
}
