package io.arco.flow.engine;

import java.util.List;

/** A worker poll (decisions §2.1): lease up to {@code maxTasks} from {@code queues}, waiting up to {@code waitMs}. */
public record LeaseRequest(String workerId, List<String> queues, int maxTasks, long waitMs) {
  public LeaseRequest {
    queues = List.copyOf(queues);
  }
}
