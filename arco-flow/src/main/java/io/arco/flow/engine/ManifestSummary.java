package io.arco.flow.engine;

import java.time.Instant;

/** One entry of the manifest list (api-contract §2.3); git fields are "" when not given. */
public record ManifestSummary(
    String manifestId,
    String codeVersionId,
    String fingerprint,
    int assetCount,
    String gitBranch,
    String gitCommit,
    Instant deployedAt,
    String deployedBy) {}
