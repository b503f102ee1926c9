package io.arco.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ManifestParser;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.store.ManifestRecord;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Manifests (api-contract §2): deploying one (validated whole, stored as the workspace's latest,
 * its schedules and sensors brought in line), listing them and reading one back.
 */
final class ManifestService {
  private static final String MANIFEST_REQUESTS = "manifest";

  private final Workspaces workspaces;

  ManifestService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  DeployResult deployManifest(
      Scope scope, JsonNode body, Optional<String> idempotencyKey, String principal) {
    Manifest manifest = ManifestParser.parse(body, principal);
    String fingerprint = manifest.fingerprint();
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(
        scope,
        ctx -> {
          if (idempotencyKey.isPresent()) {
            Optional<RequestRecord> seen = ctx.requestRecord(MANIFEST_REQUESTS, idempotencyKey.get());
            if (seen.isPresent()) {
              if (!seen.get().fingerprint().equals(fingerprint)) {
                throw FlowException.conflict("idempotency key already used for a different manifest");
              }
              String id = new String(seen.get().response(), StandardCharsets.UTF_8);
              StoredManifestDocument doc =
                  ws.manifests.byId(id).orElseThrow(() -> new IllegalStateException("lost manifest " + id));
              return deployResult(doc, false);
            }
          }
          String manifestId = ctx.newId();
          StoredManifestDocument doc = StoredManifestDocument.of(manifestId, scope, ctx.now(), manifest);
          ctx.sideWrite(new SideWrite.PutManifest(new ManifestRecord(manifestId, ctx.now(), doc.toBytes())));
          idempotencyKey.ifPresent(
              k ->
                  ctx.sideWrite(
                      new SideWrite.PutRequestRecord(
                          new RequestRecord(
                              MANIFEST_REQUESTS,
                              k,
                              fingerprint,
                              manifestId.getBytes(StandardCharsets.UTF_8)))));
          ws.manifests.deployed(doc);
          ScheduleCommands.deployed(ctx, doc);
          SensorCommands.deployed(ctx, doc);
          return deployResult(doc, true);
        });
  }

  private static DeployResult deployResult(StoredManifestDocument doc, boolean created) {
    return new DeployResult(
        doc.manifestId(),
        doc.workspaceId(),
        doc.manifest().codeVersionId(),
        doc.fingerprint(),
        doc.manifest().assets().size(),
        doc.deployedAt(),
        created);
  }

  List<ManifestSummary> listManifests(Scope scope) {
    List<ManifestSummary> out = new ArrayList<>();
    for (ManifestRecord r : workspaces.store.manifests(scope)) {
      StoredManifestDocument d = StoredManifestDocument.parse(r.document());
      out.add(
          new ManifestSummary(
              d.manifestId(),
              d.manifest().codeVersionId(),
              d.fingerprint(),
              d.manifest().assets().size(),
              d.manifest().git().branch(),
              d.manifest().git().commitSha(),
              d.deployedAt(),
              d.manifest().deployedBy()));
    }
    return out;
  }

  JsonNode manifestDocument(Scope scope, String manifestId) {
    return workspaces.workspace(scope)
        .manifests
        .byId(manifestId)
        .map(StoredManifestDocument::toJson)
        .orElseThrow(() -> FlowException.notFound("manifest not found: " + manifestId));
  }
}
