package io.arco.flow.engine;

import io.arco.flow.model.Scope;
import java.util.SortedMap;

/** Counters of one workspace for the metrics endpoint. */
public record WorkspaceStats(Scope scope, SortedMap<String, Long> runsByState, int openRuns, long events) {}
