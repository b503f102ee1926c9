package io.arco.flow.fold;

import io.arco.flow.model.Scope;
import java.time.Instant;

/** The state being folded plus the identity, time and scope of the event being applied. */
record FoldStep(FoldState state, String eventId, Instant at, Scope scope) {}
