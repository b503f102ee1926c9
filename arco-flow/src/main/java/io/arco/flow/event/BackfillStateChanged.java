package io.arco.flow.event;

import io.arco.flow.model.BackfillState;
import java.util.Objects;
import java.util.Optional;

/**
 * A backfill moved between states (flow-model part 1 §3.16): applied only from {@code fromState},
 * along a valid transition, with {@code stateVersion} = current + 1. Key {@code
 * backfill_state:{backfill_id}:{state_version}:{TO_STATE}}.
 */
public record BackfillStateChanged(
    String backfillId,
    BackfillState fromState,
    BackfillState toState,
    int stateVersion,
    Optional<String> changedBy)
    implements Event {
  public BackfillStateChanged {
    Objects.requireNonNull(backfillId, "backfillId");
    Objects.requireNonNull(fromState, "fromState");
    Objects.requireNonNull(toState, "toState");
    changedBy = changedBy == null ? Optional.empty() : changedBy;
  }
}
