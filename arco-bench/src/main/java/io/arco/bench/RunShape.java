package io.arco.bench;

/** The task graph of a benchmark run (public: JMH's generated code reads it as a parameter). */
public enum RunShape {
  /** t0 ← t1 ← …: each task depends on the previous one, so tasks run one after another. */
  CHAIN,
  /** One root, {@code n - 2} tasks depending on it, one sink depending on all of them. */
  FAN_OUT
}
