package io.arco.api.cluster;

import io.arco.api.http.Auth;
import io.arco.api.http.Http;
import io.arco.flow.engine.ClusterOptions;
import io.arco.flow.engine.ClusterStatus;
import io.arco.flow.engine.Engine;
import io.arco.flow.model.Scope;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/cluster} (an addition; several serving nodes, decisions §7.11): this node's
 * id, the lease length, the database's time, every registered node with whether it is alive and
 * which workspaces it writes, and every workspace's writer lease. On a single node it answers
 * {@code {mode: "single", nodes: [], leases: []}}. Authenticated like {@code /metrics} (decisions
 * §7.4): open in dev mode; in JWT mode a user token is required and only its workspace's leases
 * are shown, so no caller learns the names of workspaces that are not its own.
 */
public final class ClusterRoutes {
  public static final String PATH = "/api/v1/cluster";

  private ClusterRoutes() {}

  public static void register(JavalinDefaultRoutingApi r, Engine engine, Auth auth) {
    r.get(
        PATH,
        ctx -> {
          Predicate<Scope> shown =
              auth.devMode() ? s -> true : auth.authenticate(ctx, Http.requestId(ctx)).scope()::equals;
          Http.json(ctx, 200, body(engine, shown));
        });
  }

  static Map<String, Object> body(Engine engine, Predicate<Scope> shown) {
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<ClusterOptions> options = engine.clusterOptions();
    if (options.isEmpty()) {
      out.put("mode", "single");
      out.put("nodes", List.of());
      out.put("leases", List.of());
      return out;
    }
    ClusterStatus status = engine.clusterStatus().orElseThrow();
    List<ClusterStatus.LeaseView> leases =
        status.leaseViews().stream().filter(l -> shown.test(l.scope())).toList();
    out.put("mode", "cluster");
    out.put("nodeId", status.nodeId());
    out.put("advertiseUrl", status.advertiseUrl());
    out.put("leaseSeconds", seconds(status.leaseDuration()));
    out.put("databaseNow", status.databaseNow());
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (ClusterStatus.NodeView n : status.nodeViews()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("nodeId", n.nodeId());
      node.put("advertiseUrl", n.advertiseUrl());
      node.put("startedAt", n.startedAt());
      node.put("lastSeen", n.lastSeen());
      node.put("alive", n.alive());
      List<Map<String, Object>> writes = new ArrayList<>();
      for (ClusterStatus.LeaseView l : leases) {
        if (l.writtenBy(n.nodeId())) {
          Map<String, Object> w = new LinkedHashMap<>();
          w.put("tenantId", l.scope().tenant());
          w.put("workspaceId", l.scope().workspace());
          w.put("epoch", l.epoch());
          w.put("expiresAt", l.expiresAt());
          writes.add(w);
        }
      }
      node.put("writes", writes);
      nodes.add(node);
    }
    out.put("nodes", nodes);
    List<Map<String, Object>> leaseRows = new ArrayList<>();
    for (ClusterStatus.LeaseView l : leases) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tenantId", l.scope().tenant());
      row.put("workspaceId", l.scope().workspace());
      row.put("holder", l.holder());
      row.put("epoch", l.epoch());
      row.put("expiresAt", l.expiresAt());
      row.put("lapsed", l.lapsed());
      leaseRows.add(row);
    }
    out.put("leases", leaseRows);
    return out;
  }

  /** The lease length in seconds: a whole number unless it is not one. */
  private static Number seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (Number) (ms / 1000) : (Number) (ms / 1000.0);
  }
}
