package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.plan.RequestLimits;
import java.util.List;

/**
 * A worker poll (decisions §2.1): lease up to {@code maxTasks} from {@code queues}, waiting up to
 * {@code waitMs}. {@link #validate()} holds decisions §6.2's rules and messages.
 */
public record LeaseRequest(String workerId, List<String> queues, int maxTasks, long waitMs) {
  /** No queues named means the default queue. */
  public LeaseRequest {
    queues = queues.isEmpty() ? List.of(TaskDef.DEFAULT_QUEUE) : List.copyOf(queues);
  }

  /**
   * @throws FlowException 400 {@code workerId is required}, the identifier rule of decisions §7.5
   *     ({@code workerId must be at most 256 bytes}, {@code workerId contains a control
   *     character}), {@code maxTasks must be between 1 and 100} or {@code waitMs must be between 0
   *     and 30000}
   */
  void validate() {
    if (workerId.isBlank()) {
      throw FlowException.invalid("workerId is required");
    }
    RequestLimits.identifier("workerId", workerId);
    if (maxTasks < 1 || maxTasks > 100) {
      throw FlowException.invalid("maxTasks must be between 1 and 100");
    }
    if (waitMs < 0 || waitMs > 30_000) {
      throw FlowException.invalid("waitMs must be between 0 and 30000");
    }
  }
}
