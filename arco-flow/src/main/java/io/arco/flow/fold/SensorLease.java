package io.arco.flow.fold;

import java.time.Instant;

/** A poll evaluation leased to a worker: which state version, at which poll epoch, by whom, when. */
public record SensorLease(int stateVersion, long pollEpoch, String workerId, Instant leasedAt) {}
