package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.query.PartitionCursor;
import io.arco.flow.query.PartitionQuery;
import io.arco.flow.query.PartitionStatusMap;
import io.arco.flow.query.PartitionStatusView;
import io.arco.flow.query.PartitionSummary;
import io.arco.flow.query.PartitionViews;
import io.arco.flow.query.ReconciliationRun;
import io.arco.flow.query.Staleness;
import io.arco.flow.query.StalenessReport;
import io.arco.flow.query.StalenessView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Partition status, staleness and reconciliation (api-contract §11, decisions §2.6, §6.5, §6.10):
 * status rows and summaries, and the stale entries, judged against the latest manifest at the
 * engine's current time; reconciliation plans runs for the stale entries and triggers them.
 */
final class PartitionService {
  private final Workspaces workspaces;

  PartitionService(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  List<PartitionStatusView> listPartitions(Scope scope, PartitionQuery query) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = workspaces.now();
    return workspaces.read(scope, s -> PartitionViews.list(s, Staleness.of(s, latest, now), query));
  }

  PartitionSummary partitionSummary(Scope scope, String assetKey) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = workspaces.now();
    return workspaces.read(
            scope, s -> PartitionViews.summary(s, Staleness.of(s, latest, now), assetKey))
        .orElseThrow(() -> FlowException.notFound("no partitions found for asset: " + assetKey));
  }

  PartitionStatusMap partitionStatusMap(Scope scope, String assetKey) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = workspaces.now();
    return workspaces.read(
            scope,
            s -> {
              int n = PartitionViews.count(s, assetKey);
              if (n > PartitionStatusMap.MAX_PARTITIONS) {
                throw FlowException.invalid(
                    "asset "
                        + assetKey
                        + " has "
                        + n
                        + " partitions, more than the status map's limit of "
                        + PartitionStatusMap.MAX_PARTITIONS
                        + "; page GET /partitions?assetKey= instead");
              }
              return PartitionViews.statusMap(s, Staleness.of(s, latest, now), assetKey);
            })
        .orElseThrow(() -> FlowException.notFound("no partitions found for asset: " + assetKey));
  }

  List<StalenessView> staleness(
      Scope scope, Optional<String> assetKey, Optional<PartitionCursor> after, int limit) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = workspaces.now();
    return workspaces.read(
        scope,
        s -> StalenessReport.list(s, Staleness.of(s, latest, now), assetKey, after, limit));
  }

  List<ReconciliationRun> planReconciliation(Scope scope, ReconciliationRequest request) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    Optional<StoredManifestDocument> latest = ws.manifests.latestDocument();
    Instant now = workspaces.now();
    return workspaces.read(scope, s -> Reconciliation.plan(s, latest, now, request));
  }

  List<AppliedRun> applyReconciliation(
      Scope scope, ReconciliationRequest request, String principal) {
    WorkspaceEngine ws = workspaces.workspace(scope);
    return workspaces.run(scope, ctx -> Reconciliation.apply(ctx, ws.manifests, request, principal));
  }
}
