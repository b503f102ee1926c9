package io.arco.flow.engine;

import java.util.Objects;

/**
 * A run a reconciliation apply triggered ({@code created} true) or found already under its run key
 * ({@code created} false), in plan order (decisions §6.10).
 */
public record AppliedRun(String runId, String runKey, boolean created) {
  public AppliedRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runKey, "runKey");
  }
}
