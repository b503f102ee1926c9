package io.arco.flow.model;

/** Lifecycle of a timer row; the fold never produces CANCELLED. */
public enum TimerState {
  SCHEDULED,
  FIRED,
  CANCELLED
}
