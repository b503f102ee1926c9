package io.arco.flow.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One asset of a deployed manifest: its canonical key (the task key and graph node), the key and
 * fields as written, its dependencies (in manifest order), the partitioning and execution settings
 * Arco reads, the opaque members it stores verbatim and its optional freshness policy (an Arco
 * addition, stored and hashed only when present).
 */
public record ManifestAsset(
    String key,
    AssetKeyRef keyRef,
    String id,
    String description,
    List<String> owners,
    List<AssetDependency> dependencies,
    Optional<String> transformFingerprint,
    PartitionSpec partitioning,
    ExecutionSpec execution,
    OpaqueAssetFields opaque,
    Optional<FreshnessPolicy> freshnessPolicy) {

  public ManifestAsset {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keyRef, "keyRef");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    owners = List.copyOf(owners);
    dependencies = List.copyOf(dependencies);
    Objects.requireNonNull(transformFingerprint, "transformFingerprint");
    Objects.requireNonNull(partitioning, "partitioning");
    Objects.requireNonNull(execution, "execution");
    Objects.requireNonNull(opaque, "opaque");
    Objects.requireNonNull(freshnessPolicy, "freshnessPolicy");
  }

  /** An asset without a freshness policy. */
  public ManifestAsset(
      String key,
      AssetKeyRef keyRef,
      String id,
      String description,
      List<String> owners,
      List<AssetDependency> dependencies,
      Optional<String> transformFingerprint,
      PartitionSpec partitioning,
      ExecutionSpec execution,
      OpaqueAssetFields opaque) {
    this(
        key,
        keyRef,
        id,
        description,
        owners,
        dependencies,
        transformFingerprint,
        partitioning,
        execution,
        opaque,
        Optional.empty());
  }

  /** The canonical upstream keys, in manifest order (duplicates kept as written). */
  public List<String> upstreamKeys() {
    return dependencies.stream().map(AssetDependency::upstreamKey).toList();
  }
}
