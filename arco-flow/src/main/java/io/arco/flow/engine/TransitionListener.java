package io.arco.flow.engine;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.TaskChange;
import io.arco.flow.model.Scope;
import java.util.List;
import java.util.function.Function;

/**
 * Told about every durable batch (after the commit, outside the write lock), e.g. to log run and
 * task transitions. Must not block for long; it runs on the workspace's writer thread.
 */
@FunctionalInterface
public interface TransitionListener {
  /**
   * @param events the applied events of the batch, in order
   * @param taskChanges the tasks whose state or attempt the batch changed, before and after (see
   *     {@link FoldState#drainTaskChanges()})
   * @param reader reads the projections as they are now
   */
  void committed(Scope scope, List<EventEnvelope> events, List<TaskChange> taskChanges, Reader reader);

  /** Read access to the projections under the engine's read lock. */
  @FunctionalInterface
  interface Reader {
    <R> R read(Function<FoldState, R> f);
  }
}
