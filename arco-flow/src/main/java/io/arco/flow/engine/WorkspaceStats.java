package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.util.SortedMap;

/**
 * Counters of one workspace for the metrics endpoint: runs by public state, open runs, events in
 * its log, and its writer's backlog: commands queued for the writer and waiting commands (long
 * polls) parked at it.
 */
public record WorkspaceStats(
    Scope scope,
    SortedMap<String, Long> runsByState,
    int openRuns,
    long events,
    int queuedCommands,
    int parkedCommands) {}
