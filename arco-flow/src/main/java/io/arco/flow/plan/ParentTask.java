package io.arco.flow.plan;

import io.arco.flow.event.TaskDef;
import java.util.Objects;

/**
 * One task row of a rerun's parent (api-contract §3.4 step 6): its definition as planned (key,
 * asset key, partition key, max attempts, heartbeat timeout, visibility requirement, retry backoff
 * and worker queue, all copied to the rerun; its {@code dependsOn} is not read, the parent's edges
 * are) and whether its fold state is {@code SUCCEEDED}.
 */
public record ParentTask(TaskDef def, boolean succeeded) {
  public ParentTask {
    Objects.requireNonNull(def, "def");
  }

  /** The task key. */
  public String key() {
    return def.key();
  }
}
