package io.arco.flow.plan;

import static io.arco.flow.plan.JsonShape.optional;
import static io.arco.flow.plan.JsonShape.optionalArray;
import static io.arco.flow.plan.JsonShape.optionalBoolean;
import static io.arco.flow.plan.JsonShape.optionalEnum;
import static io.arco.flow.plan.JsonShape.optionalInteger;
import static io.arco.flow.plan.JsonShape.optionalObject;
import static io.arco.flow.plan.JsonShape.optionalString;
import static io.arco.flow.plan.JsonShape.optionalStrings;
import static io.arco.flow.plan.JsonShape.optionalUnsigned;
import static io.arco.flow.plan.JsonShape.path;
import static io.arco.flow.plan.JsonShape.requiredArray;
import static io.arco.flow.plan.JsonShape.requiredObject;
import static io.arco.flow.plan.JsonShape.requiredString;
import static io.arco.flow.plan.JsonShape.requiredStrings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.model.SensorKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and validates a manifest deploy request ({@code DeployManifestRequest}, camelCase,
 * api-contract §2.1) into a {@link Manifest}. Two stages, like the reference (deserialise, then
 * validate):
 *
 * <ol>
 *   <li><b>Shape</b> (422, {@code invalid field '<path>': <reason>}, reasons such as {@code is
 *       required}, {@code expected a string}): the body is read member by member in the order
 *       manifestVersion, codeVersionId, git, assets (each: key, id, description, owners, opaque
 *       members, dependencies, checks, transformFingerprint), schedules (each: id, cron, assets,
 *       timezone, catchupWindowMinutes, maxCatchupTicks, overlapPolicy), sensors (each: id, kind,
 *       assets, minIntervalSeconds, execution), deployedBy, metadata; the first missing or
 *       mistyped member wins. Unknown members are ignored. For sensors (decisions §2.9): {@code
 *       sensors} an array, each entry an object, {@code id} a required string and {@code assets}
 *       a required array of strings (missing: {@code is required}, as for schedules), {@code kind}
 *       an optional string (a missing or unknown kind is the 400 below), {@code
 *       minIntervalSeconds} an optional integral number ({@code expected an integer}; its range is
 *       the 400 below), {@code execution} any value (checked below).
 *   <li><b>Meaning</b> (400 {@code BAD_REQUEST} unless noted), first failure wins, in this
 *       order:
 *       <ol>
 *         <li>{@code manifestVersion is required} (blank), then the identifier rule of decisions
 *             §7.5 ({@link RequestLimits#identifier}: {@code manifestVersion must be at most 256
 *             bytes}, {@code manifestVersion contains a control character}), the same two for
 *             {@code codeVersionId}, {@code manifest must contain at least one asset};
 *         <li>per asset in manifest order: {@code asset key must include namespace and name},
 *             {@code asset id is required}, the canonicalisation message of {@code namespace/name}
 *             ({@link AssetKeys}), {@code duplicate asset key in manifest};
 *         <li>per asset, per dependency, in order: the upstream key's canonicalisation message,
 *             {@code asset '{asset}' depends on unknown asset '{upstream}'};
 *         <li>the dependency cycle check (flow-model §0.3.13, {@link AssetGraph#firstCycle()}):
 *             {@code dependency cycle in manifest: a -> b -> a}, right after the unknown-dependency
 *             rule it complements;
 *         <li>per schedule in order: {@code schedule id is required}, the identifier rule on
 *             {@code schedules[i].id} ({@code schedules[0].id must be at most 256 bytes}, {@code
 *             … contains a control character}), {@code schedule cron is required}, {@code
 *             schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)}, {@code invalid
 *             schedule cron} ({@link UnixCron}), a cron that can never fire (decisions §7.7,
 *             {@link UnixCron#canFire}) is 422 {@code invalid field 'schedules[i].cron': cron
 *             expression can never fire}, {@code invalid schedule timezone}, {@code schedule must include at least one asset}, per asset the
 *             canonicalisation message or {@code schedule '{id}' references unknown asset
 *             '{canonical}'}, {@code duplicate schedule id in manifest}, then Arco's {@code
 *             schedule '{id}' has invalid maxCatchupTicks: must be >= 1};
 *         <li>per sensor in order (Arco's, decisions §2.9), all checks of one sensor before the
 *             next: {@code sensor id is required} (blank), the identifier rule on {@code
 *             sensors[i].id}, {@code sensor kind must be push or poll} (missing or any other value; case-sensitive), {@code sensor must include at
 *             least one asset}, per asset the canonicalisation message or {@code sensor '{id}'
 *             references unknown asset '{canonical}'}, {@code sensor '{id}' has invalid
 *             minIntervalSeconds: must be between 1 and 86400}, {@code duplicate sensor id in
 *             manifest} (ids are unique among sensors only: a schedule may share a sensor's id),
 *             then the {@code execution} checks of {@link ManifestSensor#validateExecution}:
 *             {@code sensor '{id}' has invalid execution: must be an object} and {@code sensor
 *             '{id}' has invalid execution: command must be a non-empty string or a non-empty
 *             array of strings};
 *         <li>per asset in manifest order: the {@code execution} checks of {@link ExecutionSpec};
 *         <li>per asset in manifest order: the {@code partitioning} checks of {@link
 *             PartitioningChecks} (decisions §6.5, §7.7), 422 {@code invalid field
 *             'assets[i].partitioning…': {reason}}. These two come last so that every manifest the
 *             reference refuses gets the reference's message;
 *         <li>per asset in manifest order: Arco's optional {@code freshnessPolicy} ({@link
 *             FreshnessPolicy}): {@code asset '{key}' has invalid freshnessPolicy: <reason>}.
 *       </ol>
 * </ol>
 *
 * "Blank" is empty or Unicode white space only. A timezone must be an IANA region id known to the
 * JDK's tz database ({@code UTC}, {@code Europe/Paris}); offsets such as {@code +02:00}, {@code Z}
 * or {@code UTC+2} are refused, since the contract asks for IANA names and a fixed offset would
 * silently ignore daylight saving time.
 */
public final class ManifestParser {

  private ManifestParser() {}

  /**
   * Parses and validates a deploy request body.
   *
   * @param fallbackDeployedBy the caller ({@code userId}, else {@code "api"}), used when the body
   *     has no {@code deployedBy}
   * @throws FlowException {@code InvalidField} (422) for shape errors, {@code InvalidRequest} (400)
   *     for the validation messages above
   */
  public static Manifest parse(JsonNode body, String fallbackDeployedBy) {
    RawManifest raw = readShape(body);
    validate(raw);
    return build(raw, raw.deployedBy().orElse(fallbackDeployedBy));
  }

  /**
   * Reads a manifest that was validated when it was deployed (a stored document): shape checks and
   * canonicalisation only, so a later tightening of deploy validation never makes a stored manifest
   * unreadable.
   *
   * @throws FlowException when the document is malformed
   */
  static Manifest readTrusted(JsonNode document, String fallbackDeployedBy) {
    RawManifest raw = readShape(document);
    return build(raw, raw.deployedBy().orElse(fallbackDeployedBy));
  }

  // ---- stage 1: shape ----

  private record RawManifest(
      String manifestVersion,
      String codeVersionId,
      GitInfo git,
      List<RawAsset> assets,
      List<RawSchedule> schedules,
      List<RawSensor> sensors,
      Optional<String> deployedBy,
      JsonNode metadata) {}

  private record RawAsset(
      AssetKeyRef key,
      String id,
      String description,
      List<String> owners,
      OpaqueAssetFields opaque,
      List<RawDependency> dependencies,
      Optional<String> transformFingerprint,
      Optional<JsonNode> freshnessPolicy) {}

  private record RawDependency(
      AssetKeyRef upstream, Optional<String> parameterName, Optional<JsonNode> mapping) {}

  private record RawSchedule(
      String id,
      String cron,
      List<String> assets,
      Optional<String> timezone,
      Optional<Integer> catchupWindowMinutes,
      Optional<Integer> maxCatchupTicks,
      Optional<OverlapPolicy> overlapPolicy) {}

  private record RawSensor(
      String id,
      Optional<String> kind,
      List<String> assets,
      Optional<Long> minIntervalSeconds,
      Optional<JsonNode> execution) {}

  private static RawManifest readShape(JsonNode body) {
    String root = JsonShape.ROOT;
    JsonShape.object(body, root);
    String manifestVersion = requiredString(body, "manifestVersion", root);
    String codeVersionId = requiredString(body, "codeVersionId", root);
    GitInfo git =
        optionalObject(body, "git", root).map(ManifestParser::readGit).orElse(GitInfo.EMPTY);
    List<JsonNode> assetNodes = requiredArray(body, "assets", root);
    List<RawAsset> assets = new ArrayList<>();
    for (int i = 0; i < assetNodes.size(); i++) {
      assets.add(readAsset(assetNodes.get(i), path(path(root, "assets"), i)));
    }
    List<JsonNode> scheduleNodes = optionalArray(body, "schedules", root);
    List<RawSchedule> schedules = new ArrayList<>();
    for (int i = 0; i < scheduleNodes.size(); i++) {
      schedules.add(readSchedule(scheduleNodes.get(i), path(path(root, "schedules"), i)));
    }
    List<JsonNode> sensorNodes = optionalArray(body, "sensors", root);
    List<RawSensor> sensors = new ArrayList<>();
    for (int i = 0; i < sensorNodes.size(); i++) {
      sensors.add(readSensor(sensorNodes.get(i), sensorPath(i)));
    }
    Optional<String> deployedBy = optionalString(body, "deployedBy", root);
    JsonNode metadata = optional(body, "metadata").orElse(NullNode.getInstance());
    return new RawManifest(
        manifestVersion, codeVersionId, git, assets, schedules, sensors, deployedBy, metadata);
  }

  private static GitInfo readGit(JsonNode git) {
    String p = "git";
    return new GitInfo(
        optionalString(git, "repository", p).orElse(""),
        optionalString(git, "branch", p).orElse(""),
        optionalString(git, "commitSha", p).orElse(""),
        optionalString(git, "commitMessage", p).orElse(""),
        optionalString(git, "author", p).orElse(""),
        optionalBoolean(git, "dirty", p).orElse(false));
  }

  private static RawAsset readAsset(JsonNode node, String p) {
    JsonShape.object(node, p);
    AssetKeyRef key = readKeyRef(requiredObject(node, "key", p), path(p, "key"));
    String id = requiredString(node, "id", p);
    String description = optionalString(node, "description", p).orElse("");
    List<String> owners = optionalStrings(node, "owners", p);
    List<JsonNode> depNodes = optionalArray(node, "dependencies", p);
    List<RawDependency> deps = new ArrayList<>();
    for (int i = 0; i < depNodes.size(); i++) {
      String dp = path(path(p, "dependencies"), i);
      JsonNode dep = JsonShape.object(depNodes.get(i), dp);
      deps.add(
          new RawDependency(
              readKeyRef(requiredObject(dep, "upstreamKey", dp), path(dp, "upstreamKey")),
              optionalString(dep, "parameterName", dp),
              optional(dep, "mapping")));
    }
    List<JsonNode> checks = optionalArray(node, "checks", p);
    Optional<String> transformFingerprint = optionalString(node, "transformFingerprint", p);
    OpaqueAssetFields opaque =
        new OpaqueAssetFields(
            optional(node, "tags"),
            optional(node, "code"),
            optional(node, "execution"),
            optional(node, "resources"),
            optional(node, "io"),
            optional(node, "partitioning"),
            checks);
    return new RawAsset(
        key,
        id,
        description,
        owners,
        opaque,
        deps,
        transformFingerprint,
        optional(node, "freshnessPolicy"));
  }

  private static AssetKeyRef readKeyRef(JsonNode key, String p) {
    return new AssetKeyRef(requiredString(key, "namespace", p), requiredString(key, "name", p));
  }

  private static RawSchedule readSchedule(JsonNode node, String p) {
    JsonShape.object(node, p);
    return new RawSchedule(
        requiredString(node, "id", p),
        requiredString(node, "cron", p),
        requiredStrings(node, "assets", p),
        optionalString(node, "timezone", p),
        optionalUnsigned(node, "catchupWindowMinutes", p),
        optionalUnsigned(node, "maxCatchupTicks", p),
        optionalEnum(node, "overlapPolicy", p, OverlapPolicy.class));
  }

  private static RawSensor readSensor(JsonNode node, String p) {
    JsonShape.object(node, p);
    return new RawSensor(
        requiredString(node, "id", p),
        optionalString(node, "kind", p),
        requiredStrings(node, "assets", p),
        optionalInteger(node, "minIntervalSeconds", p),
        optional(node, "execution"));
  }

  private static String sensorPath(int index) {
    return path(path(JsonShape.ROOT, "sensors"), index);
  }

  private static String schedulePath(int index) {
    return path(path(JsonShape.ROOT, "schedules"), index);
  }

  // ---- stage 2: meaning ----

  private static void validate(RawManifest m) {
    if (AssetKeys.isBlank(m.manifestVersion())) {
      throw FlowException.invalid("manifestVersion is required");
    }
    RequestLimits.identifier("manifestVersion", m.manifestVersion());
    if (AssetKeys.isBlank(m.codeVersionId())) {
      throw FlowException.invalid("codeVersionId is required");
    }
    RequestLimits.identifier("codeVersionId", m.codeVersionId());
    if (m.assets().isEmpty()) {
      throw FlowException.invalid("manifest must contain at least one asset");
    }
    List<String> keys = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (RawAsset a : m.assets()) {
      if (AssetKeys.isBlank(a.key().namespace()) || AssetKeys.isBlank(a.key().name())) {
        throw FlowException.invalid("asset key must include namespace and name");
      }
      if (AssetKeys.isBlank(a.id())) {
        throw FlowException.invalid("asset id is required");
      }
      String key = canonical(a.key());
      if (!known.add(key)) {
        throw FlowException.invalid("duplicate asset key in manifest");
      }
      keys.add(key);
    }
    Map<String, List<String>> upstreams = new HashMap<>();
    for (int i = 0; i < m.assets().size(); i++) {
      List<String> ups = new ArrayList<>();
      for (RawDependency d : m.assets().get(i).dependencies()) {
        String upstream = canonical(d.upstream());
        if (!known.contains(upstream)) {
          throw FlowException.invalid(
              "asset '" + keys.get(i) + "' depends on unknown asset '" + upstream + "'");
        }
        ups.add(upstream);
      }
      upstreams.put(keys.get(i), ups);
    }
    AssetGraph.of(upstreams)
        .firstCycle()
        .ifPresent(
            cycle -> {
              throw FlowException.invalid(
                  "dependency cycle in manifest: " + String.join(" -> ", cycle));
            });
    Set<String> scheduleIds = new HashSet<>();
    for (int i = 0; i < m.schedules().size(); i++) {
      validateSchedule(m.schedules().get(i), schedulePath(i), known, scheduleIds);
    }
    Set<String> sensorIds = new HashSet<>();
    for (int i = 0; i < m.sensors().size(); i++) {
      validateSensor(m.sensors().get(i), sensorPath(i), known, sensorIds);
    }
    for (int i = 0; i < m.assets().size(); i++) {
      ExecutionSpec.from(keys.get(i), m.assets().get(i).opaque().execution());
    }
    for (int i = 0; i < m.assets().size(); i++) {
      PartitioningChecks.check(
          path(path(JsonShape.ROOT, "assets"), i), m.assets().get(i).opaque().partitioning());
      FreshnessPolicy.from(keys.get(i), m.assets().get(i).freshnessPolicy());
    }
  }

  private static void validateSchedule(
      RawSchedule s, String p, Set<String> known, Set<String> seenIds) {
    if (AssetKeys.isBlank(s.id())) {
      throw FlowException.invalid("schedule id is required");
    }
    RequestLimits.identifier(path(p, "id"), s.id());
    if (AssetKeys.isBlank(s.cron())) {
      throw FlowException.invalid("schedule cron is required");
    }
    Optional<UnixCron.Problem> problem = UnixCron.problem(s.cron());
    if (problem.isPresent()) {
      throw switch (problem.get()) {
        case FIELD_COUNT ->
            FlowException.invalid(
                "schedule cron must have 5 fields (min..dow) or 6 fields (sec..dow)");
        case UNPARSABLE -> FlowException.invalid("invalid schedule cron");
        case NEVER_FIRES -> FlowException.invalidField(path(p, "cron"), UnixCron.NEVER_FIRES_REASON);
      };
    }
    if (!isIanaZone(s.timezone().orElse(ManifestSchedule.DEFAULT_TIMEZONE))) {
      throw FlowException.invalid("invalid schedule timezone");
    }
    if (s.assets().isEmpty()) {
      throw FlowException.invalid("schedule must include at least one asset");
    }
    for (String asset : s.assets()) {
      String key = AssetKeys.canonicalize(asset);
      if (!known.contains(key)) {
        throw FlowException.invalid(
            "schedule '" + s.id() + "' references unknown asset '" + key + "'");
      }
    }
    if (!seenIds.add(s.id())) {
      throw FlowException.invalid("duplicate schedule id in manifest");
    }
    if (s.maxCatchupTicks().isPresent() && s.maxCatchupTicks().get() < 1) {
      throw FlowException.invalid(
          "schedule '" + s.id() + "' has invalid maxCatchupTicks: must be >= 1");
    }
  }

  private static void validateSensor(
      RawSensor s, String p, Set<String> known, Set<String> seenIds) {
    if (AssetKeys.isBlank(s.id())) {
      throw FlowException.invalid("sensor id is required");
    }
    RequestLimits.identifier(path(p, "id"), s.id());
    if (s.kind().flatMap(SensorKind::fromWire).isEmpty()) {
      throw FlowException.invalid("sensor kind must be push or poll");
    }
    if (s.assets().isEmpty()) {
      throw FlowException.invalid("sensor must include at least one asset");
    }
    for (String asset : s.assets()) {
      String key = AssetKeys.canonicalize(asset);
      if (!known.contains(key)) {
        throw FlowException.invalid(
            "sensor '" + s.id() + "' references unknown asset '" + key + "'");
      }
    }
    if (s.minIntervalSeconds().isPresent()) {
      long seconds = s.minIntervalSeconds().get();
      if (seconds < ManifestSensor.MIN_INTERVAL_SECONDS_LOWER
          || seconds > ManifestSensor.MIN_INTERVAL_SECONDS_UPPER) {
        throw FlowException.invalid(
            "sensor '"
                + s.id()
                + "' has invalid minIntervalSeconds: must be between "
                + ManifestSensor.MIN_INTERVAL_SECONDS_LOWER
                + " and "
                + ManifestSensor.MIN_INTERVAL_SECONDS_UPPER);
      }
    }
    if (!seenIds.add(s.id())) {
      throw FlowException.invalid("duplicate sensor id in manifest");
    }
    ManifestSensor.validateExecution(s.id(), s.execution());
  }

  /** Whether {@code zone} is an IANA region id of the JDK's tz database (no offsets). */
  static boolean isIanaZone(String zone) {
    return ZoneId.getAvailableZoneIds().contains(zone);
  }

  // ---- build ----

  private static Manifest build(RawManifest m, String deployedBy) {
    List<ManifestAsset> assets = new ArrayList<>();
    for (RawAsset a : m.assets()) {
      String key = canonical(a.key());
      List<AssetDependency> deps = new ArrayList<>();
      for (RawDependency d : a.dependencies()) {
        deps.add(
            new AssetDependency(
                canonical(d.upstream()), d.upstream(), d.parameterName(), d.mapping()));
      }
      assets.add(
          new ManifestAsset(
              key,
              a.key(),
              a.id(),
              a.description(),
              a.owners(),
              deps,
              a.transformFingerprint(),
              PartitionSpec.from(a.opaque().partitioning()),
              ExecutionSpec.from(key, a.opaque().execution()),
              a.opaque(),
              FreshnessPolicy.from(key, a.freshnessPolicy())));
    }
    List<ManifestSchedule> schedules = new ArrayList<>();
    for (RawSchedule s : m.schedules()) {
      TreeSet<String> keys = new TreeSet<>();
      s.assets().forEach(asset -> keys.add(AssetKeys.canonicalize(asset)));
      schedules.add(
          new ManifestSchedule(
              s.id(),
              s.cron(),
              s.assets(),
              List.copyOf(keys),
              s.timezone().orElse(ManifestSchedule.DEFAULT_TIMEZONE),
              s.catchupWindowMinutes(),
              s.maxCatchupTicks(),
              s.overlapPolicy()));
    }
    List<ManifestSensor> sensors = new ArrayList<>();
    for (int i = 0; i < m.sensors().size(); i++) {
      RawSensor s = m.sensors().get(i);
      String kindPath = path(sensorPath(i), "kind");
      // Deploy validation guarantees a kind; a stored document without one is corrupt.
      SensorKind kind =
          s.kind()
              .flatMap(SensorKind::fromWire)
              .orElseThrow(
                  () -> FlowException.invalidField(kindPath, "expected one of push, poll"));
      TreeSet<String> keys = new TreeSet<>();
      s.assets().forEach(asset -> keys.add(AssetKeys.canonicalize(asset)));
      long interval =
          s.minIntervalSeconds().orElse((long) ManifestSensor.DEFAULT_MIN_INTERVAL_SECONDS);
      sensors.add(
          new ManifestSensor(
              s.id(),
              kind,
              s.assets(),
              List.copyOf(keys),
              Math.clamp(interval, Integer.MIN_VALUE, Integer.MAX_VALUE),
              s.execution()));
    }
    return new Manifest(
        m.manifestVersion(),
        m.codeVersionId(),
        m.git(),
        assets,
        schedules,
        sensors,
        deployedBy,
        m.metadata());
  }

  private static String canonical(AssetKeyRef ref) {
    return AssetKeys.canonicalize(ref.namespace() + "/" + ref.name());
  }
}
