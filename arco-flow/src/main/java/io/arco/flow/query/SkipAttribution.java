package io.arco.flow.query;

import io.arco.flow.model.EdgeResolution;

/** Which upstream edge caused a task to be skipped, and how that upstream ended. */
public record SkipAttribution(String upstreamTaskKey, EdgeResolution upstreamResolution) {}
