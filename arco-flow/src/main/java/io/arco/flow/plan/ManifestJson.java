package io.arco.flow.plan;

import io.arco.flow.model.Utf8Order;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The camelCase JSON of manifest parts, shared by the fingerprint (opaque values with sorted
 * members) and the stored document (opaque values verbatim), so both always list the same members.
 */
final class ManifestJson {
  private static final Comparator<ManifestAsset> ASSET_ORDER =
      Comparator.comparing((ManifestAsset a) -> a.keyRef().namespace(), Utf8Order.COMPARATOR)
          .thenComparing(a -> a.keyRef().name(), Utf8Order.COMPARATOR)
          .thenComparing(ManifestAsset::id, Utf8Order.COMPARATOR);
  private static final Comparator<ManifestSchedule> SCHEDULE_ORDER =
      Comparator.comparing(ManifestSchedule::id, Utf8Order.COMPARATOR)
          .thenComparing(ManifestSchedule::cron, Utf8Order.COMPARATOR);
  private static final Comparator<ManifestSensor> SENSOR_ORDER =
      Comparator.comparing(ManifestSensor::id, Utf8Order.COMPARATOR);

  private ManifestJson() {}

  static ObjectNode fingerprintDocument(Manifest m) {
    ObjectNode doc = PlanJson.object();
    doc.put("manifestVersion", m.manifestVersion());
    doc.put("codeVersionId", m.codeVersionId());
    doc.set("git", git(m.git()));
    ArrayNode assets = doc.putArray("assets");
    m.assets().stream()
        .sorted(ASSET_ORDER)
        .forEach(a -> assets.add(asset(a, PlanJson::sortedCopy)));
    ArrayNode schedules = doc.putArray("schedules");
    m.schedules().stream().sorted(SCHEDULE_ORDER).forEach(s -> schedules.add(schedule(s)));
    if (!m.sensors().isEmpty()) {
      ArrayNode sensors = doc.putArray("sensors");
      m.sensors().stream()
          .sorted(SENSOR_ORDER)
          .forEach(s -> sensors.add(sensor(s, PlanJson::sortedCopy)));
    }
    doc.set("metadata", PlanJson.sortedCopy(m.metadata()));
    return doc;
  }

  static ObjectNode git(GitInfo git) {
    ObjectNode out = PlanJson.object();
    out.put("repository", git.repository());
    out.put("branch", git.branch());
    out.put("commitSha", git.commitSha());
    out.put("commitMessage", git.commitMessage());
    out.put("author", git.author());
    out.put("dirty", git.dirty());
    return out;
  }

  /** An asset as written; {@code opaque} maps each opaque value (sorting or copying it). */
  static ObjectNode asset(ManifestAsset a, UnaryOperator<JsonNode> opaque) {
    ObjectNode out = PlanJson.object();
    out.set("key", keyRef(a.keyRef()));
    out.put("id", a.id());
    out.put("description", a.description());
    ArrayNode owners = out.putArray("owners");
    a.owners().forEach(owners::add);
    OpaqueAssetFields raw = a.opaque();
    putOptional(out, "tags", raw.tags(), opaque);
    putOptional(out, "code", raw.code(), opaque);
    putOptional(out, "execution", raw.execution(), opaque);
    putOptional(out, "resources", raw.resources(), opaque);
    putOptional(out, "io", raw.io(), opaque);
    putOptional(out, "partitioning", raw.partitioning(), opaque);
    ArrayNode deps = out.putArray("dependencies");
    for (AssetDependency d : a.dependencies()) {
      ObjectNode dep = deps.addObject();
      dep.set("upstreamKey", keyRef(d.upstream()));
      d.parameterName().ifPresent(p -> dep.put("parameterName", p));
      putOptional(dep, "mapping", d.mapping(), opaque);
    }
    ArrayNode checks = out.putArray("checks");
    raw.checks().forEach(c -> checks.add(opaque.apply(c)));
    a.transformFingerprint().ifPresent(f -> out.put("transformFingerprint", f));
    // Arco's addition, written only when present so other manifests keep their bytes.
    a.freshnessPolicy()
        .ifPresent(
            p -> out.putObject("freshnessPolicy").put("maximumLagMinutes", p.maximumLagMinutes()));
    return out;
  }

  static ObjectNode schedule(ManifestSchedule s) {
    ObjectNode out = PlanJson.object();
    out.put("id", s.id());
    out.put("cron", s.cron());
    ArrayNode assets = out.putArray("assets");
    s.assets().forEach(assets::add);
    out.put("timezone", s.timezone());
    s.catchupWindowMinutes().ifPresent(v -> out.put("catchupWindowMinutes", v));
    s.maxCatchupTicks().ifPresent(v -> out.put("maxCatchupTicks", v));
    s.overlapPolicy().ifPresent(v -> out.put("overlapPolicy", v.name()));
    return out;
  }

  /**
   * A sensor: {@code {id, kind, assets (as written), minIntervalSeconds, execution?}}, {@code kind}
   * as its wire value; {@code opaque} maps the {@code execution} value (sorting or copying it).
   */
  static ObjectNode sensor(ManifestSensor s, UnaryOperator<JsonNode> opaque) {
    ObjectNode out = PlanJson.object();
    out.put("id", s.id());
    out.put("kind", s.kind().wire());
    ArrayNode assets = out.putArray("assets");
    s.assets().forEach(assets::add);
    out.put("minIntervalSeconds", s.minIntervalSeconds());
    putOptional(out, "execution", s.execution(), opaque);
    return out;
  }

  private static ObjectNode keyRef(AssetKeyRef ref) {
    ObjectNode out = PlanJson.object();
    out.put("namespace", ref.namespace());
    out.put("name", ref.name());
    return out;
  }

  private static void putOptional(
      ObjectNode out, String field, Optional<JsonNode> value, UnaryOperator<JsonNode> opaque) {
    value.ifPresent(v -> out.set(field, opaque.apply(v)));
  }
}
