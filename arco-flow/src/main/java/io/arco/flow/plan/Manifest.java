package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A validated manifest (api-contract §2.1): versions, git information, assets in manifest order
 * (canonical keys unique, dependencies known and acyclic), schedules, sensors (decisions §2.9), who
 * deployed it and the opaque {@code metadata} ({@link NullNode} when absent). Built by {@link
 * ManifestParser} from a deploy request or by {@link StoredManifestDocument} from a stored
 * document; the id, scope and deploy time belong to the stored document, not to the manifest.
 */
public record Manifest(
    String manifestVersion,
    String codeVersionId,
    GitInfo git,
    List<ManifestAsset> assets,
    List<ManifestSchedule> schedules,
    List<ManifestSensor> sensors,
    String deployedBy,
    JsonNode metadata) {

  public Manifest {
    Objects.requireNonNull(manifestVersion, "manifestVersion");
    Objects.requireNonNull(codeVersionId, "codeVersionId");
    Objects.requireNonNull(git, "git");
    assets = List.copyOf(assets);
    schedules = List.copyOf(schedules);
    sensors = List.copyOf(sensors);
    Objects.requireNonNull(deployedBy, "deployedBy");
    metadata = metadata.isMissingNode() ? NullNode.getInstance() : metadata.deepCopy();
  }

  /** A manifest without sensors. */
  public Manifest(
      String manifestVersion,
      String codeVersionId,
      GitInfo git,
      List<ManifestAsset> assets,
      List<ManifestSchedule> schedules,
      String deployedBy,
      JsonNode metadata) {
    this(
        manifestVersion, codeVersionId, git, assets, schedules, List.of(), deployedBy, metadata);
  }

  /** A copy of the opaque {@code metadata} (JSON trees are mutable). */
  @Override
  public JsonNode metadata() {
    return metadata.deepCopy();
  }

  /**
   * The manifest fingerprint (api-contract §2.1): lower-case hex SHA-256 of compact camelCase JSON
   * {@code {manifestVersion, codeVersionId, git, assets, schedules, sensors?, metadata}}, assets
   * sorted by (namespace, name, id), schedules by (id, cron) and sensors by id, strings in UTF-8
   * byte order. {@code sensors} (an Arco addition, decisions §2.9) is present only when the
   * manifest has at least one sensor, so a manifest without sensors keeps the reference's
   * fingerprint byte for byte; likewise an asset's {@code freshnessPolicy} (Arco's addition) is
   * present only when the asset has one. Members, in this order:
   *
   * <ul>
   *   <li>{@code git}: {@code {repository, branch, commitSha, commitMessage, author, dirty}};
   *   <li>each asset: {@code {key: {namespace, name}, id, description, owners, tags?, code?,
   *       execution?, resources?, io?, partitioning?, dependencies: [{upstreamKey: {namespace,
   *       name}, parameterName?, mapping?}], checks, transformFingerprint?, freshnessPolicy?:
   *       {maximumLagMinutes}}} with keys as written,
   *       {@code description} {@code ""} and {@code owners}, {@code dependencies}, {@code checks}
   *       {@code []} when missing, {@code ?} members omitted when absent;
   *   <li>each schedule: {@code {id, cron, assets (as written), timezone, catchupWindowMinutes?,
   *       maxCatchupTicks?, overlapPolicy?}};
   *   <li>each sensor: {@code {id, kind, assets (as written), minIntervalSeconds, execution?}} with
   *       {@code kind} its wire value ({@code push}, {@code poll}) and {@code minIntervalSeconds}
   *       the resolved value (30 when omitted, so omitting it and writing 30 hash alike);
   *   <li>{@code metadata}: the value or {@code null}.
   * </ul>
   *
   * Opaque values ({@code tags}, {@code code}, {@code execution} of assets and sensors, {@code
   * resources}, {@code io}, {@code partitioning}, {@code mapping}, {@code checks}, {@code
   * metadata}) are hashed with their object members sorted at every level, as a {@code
   * serde_json::Value} serialises, so member order in the request does not change the fingerprint.
   * {@code deployedBy} is not part of it. Computed on each call.
   */
  public String fingerprint() {
    return PlanJson.sha256Hex(ManifestJson.fingerprintDocument(this));
  }

  /** The asset with this canonical key. */
  public Optional<ManifestAsset> asset(String key) {
    return assets.stream().filter(a -> a.key().equals(key)).findFirst();
  }

  /** The sensor with this id. */
  public Optional<ManifestSensor> sensor(String id) {
    return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Every canonical asset key, sorted. */
  public SortedSet<String> assetKeys() {
    TreeSet<String> keys = new TreeSet<>();
    assets.forEach(a -> keys.add(a.key()));
    return Collections.unmodifiableSortedSet(keys);
  }
}
