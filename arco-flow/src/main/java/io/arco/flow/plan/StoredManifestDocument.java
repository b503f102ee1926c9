package io.arco.flow.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A deployed manifest as stored and as {@code GET /manifests/{id}} answers it (api-contract §2.2):
 * {@code {manifestId, tenantId, workspaceId, manifestVersion, codeVersionId, fingerprint, git,
 * assets, schedules, sensors?, deployedAt, deployedBy, metadata}}, camelCase, members in that
 * order, assets, schedules and sensors in manifest order with every opaque member echoed verbatim
 * (absent optional members omitted, {@code metadata} {@code null} when absent), {@code deployedAt}
 * as {@link Instant#toString()} (RFC 3339 UTC with {@code Z}). {@code sensors} (decisions §2.9) is
 * written only when the manifest has a sensor, each as {@code {id, kind, assets (as written),
 * minIntervalSeconds, execution?}} with {@code kind} {@code push} or {@code poll}, the resolved
 * interval and {@code execution} verbatim; so the document of a manifest without sensors is the
 * reference's, and a document without {@code sensors} (written before sensors existed) reads as
 * having none. An asset's {@code freshnessPolicy} is written, as {@code {maximumLagMinutes}} after
 * {@code transformFingerprint}, only when the asset has one. {@link #from(JsonNode)} reads such a
 * document back (at restart), so {@code
 * from(doc.toJson())} equals {@code doc}.
 */
public record StoredManifestDocument(
    String manifestId,
    String tenantId,
    String workspaceId,
    String fingerprint,
    Instant deployedAt,
    Manifest manifest) {

  public StoredManifestDocument {
    Objects.requireNonNull(manifestId, "manifestId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(deployedAt, "deployedAt");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** The document of a manifest being deployed now; the fingerprint is computed here. */
  public static StoredManifestDocument of(
      String manifestId, Scope scope, Instant deployedAt, Manifest manifest) {
    return new StoredManifestDocument(
        manifestId,
        scope.tenant(),
        scope.workspace(),
        manifest.fingerprint(),
        deployedAt,
        manifest);
  }

  /** The JSON document. */
  public ObjectNode toJson() {
    Manifest m = manifest;
    ObjectNode doc = PlanJson.object();
    doc.put("manifestId", manifestId);
    doc.put("tenantId", tenantId);
    doc.put("workspaceId", workspaceId);
    doc.put("manifestVersion", m.manifestVersion());
    doc.put("codeVersionId", m.codeVersionId());
    doc.put("fingerprint", fingerprint);
    doc.set("git", ManifestJson.git(m.git()));
    ArrayNode assets = doc.putArray("assets");
    m.assets().forEach(a -> assets.add(ManifestJson.asset(a, JsonNode::deepCopy)));
    ArrayNode schedules = doc.putArray("schedules");
    m.schedules().forEach(s -> schedules.add(ManifestJson.schedule(s)));
    if (!m.sensors().isEmpty()) {
      ArrayNode sensors = doc.putArray("sensors");
      m.sensors().forEach(s -> sensors.add(ManifestJson.sensor(s, JsonNode::deepCopy)));
    }
    doc.put("deployedAt", deployedAt.toString());
    doc.put("deployedBy", m.deployedBy());
    doc.set("metadata", m.metadata());
    return doc;
  }

  /** The compact UTF-8 JSON bytes of {@link #toJson()}. */
  public byte[] toBytes() {
    return PlanJson.bytes(toJson());
  }

  /**
   * Reads a stored document. The manifest is read without re-running deploy validation (it passed
   * it when deployed); the stored fingerprint is kept as stored.
   *
   * @throws IllegalStateException when the document is corrupt, e.g. {@code invalid asset key in
   *     manifest {id}: <reason>} (a 500, api-contract §2.4)
   */
  public static StoredManifestDocument from(JsonNode doc) {
    String id = doc.path("manifestId").asText("?");
    try {
      String root = JsonShape.ROOT;
      JsonShape.object(doc, root);
      Instant deployedAt = Instant.parse(JsonShape.requiredString(doc, "deployedAt", root));
      return new StoredManifestDocument(
          JsonShape.requiredString(doc, "manifestId", root),
          JsonShape.requiredString(doc, "tenantId", root),
          JsonShape.requiredString(doc, "workspaceId", root),
          JsonShape.requiredString(doc, "fingerprint", root),
          deployedAt,
          ManifestParser.readTrusted(doc, "api"));
    } catch (FlowException e) {
      String what =
          e.error() instanceof FlowError.InvalidRequest
              ? "invalid asset key in manifest "
              : "invalid manifest ";
      throw new IllegalStateException(what + id + ": " + e.getMessage(), e);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("invalid deployedAt in manifest " + id, e);
    }
  }

  /** Reads a stored document from its bytes. */
  public static StoredManifestDocument parse(byte[] bytes) {
    try {
      // Read through a String: readTree(byte[]) declares java.io.IOException, and this package
      // depends on no java.io type (ArchUnit purity rule, style §3.7).
      return from(PlanJson.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored manifest is not JSON", e);
    }
  }
}
