package io.arco.flow.fold;

import java.time.Instant;

/** The state being folded plus the identity and time of the event being applied. */
record FoldStep(FoldState state, String eventId, Instant at) {}
