package io.arco.api.partition;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /assets/{assetKey}/partitions/status-map}: every status row of an asset in one
 * compact answer, the same keys, statuses and stale set as paging {@code GET /partitions}.
 */
class PartitionStatusMapHttpTest {
  private static final Map<String, Object> DAILY =
      Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day")));

  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Deploys two daily assets and backfills {@code days} partitions of {@code asset}, then
   * succeeds, fails or leaves running the leased tasks in turn, so the rows mix every status.
   */
  private void partitionsInEveryStatus(String asset, String start, String end) {
    TestServer.Resp deployed =
        server.post(
            server.ws() + "/manifests",
            manifest(
                with(asset("sales.raw"), "partitioning", DAILY),
                with(asset("sales.clean", "sales.raw"), "partitioning", DAILY),
                asset("sales.dim")));
    assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
    Map<String, Object> bf = new LinkedHashMap<>();
    bf.put("assetSelection", List.of(asset));
    bf.put("partitionSelector", Map.of("type", "range", "start", start, "end", end));
    bf.put("clientRequestId", "map-" + asset);
    bf.put("chunkSize", 25);
    bf.put("maxConcurrentRuns", 100);
    TestServer.Resp created = server.post(server.ws() + "/backfills", bf);
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    int n = 0;
    for (List<JsonNode> tasks = worker.poll(50); !tasks.isEmpty(); tasks = worker.poll(50)) {
      for (JsonNode t : tasks) {
        switch (n++ % 4) {
          case 0, 1 -> worker.succeed(t);
          case 2 -> worker.fail(t, "DATA_QUALITY", false);
          default -> worker.started(t);
        }
      }
    }
  }

  private JsonNode map(String assetKey) {
    TestServer.Resp r =
        server.get(
            server.ws()
                + "/assets/"
                + URLEncoder.encode(assetKey, StandardCharsets.UTF_8)
                + "/partitions/status-map");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body();
  }

  /** Every row of the asset, paged 200 at a time through the list route. */
  private List<JsonNode> pagedRows(String assetKey) {
    List<JsonNode> rows = new ArrayList<>();
    String cursor = "";
    while (true) {
      TestServer.Resp r =
          server.get(
              server.ws() + "/partitions?limit=200&assetKey=" + assetKey + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      r.body().get("partitions").forEach(rows::add);
      if (!r.body().has("nextCursor")) {
        return rows;
      }
      cursor = r.body().get("nextCursor").asText();
    }
  }

  @Test
  void theMapHoldsTheSameKeysStatusesAndStaleSetAsPagingTheList() {
    partitionsInEveryStatus("sales.raw", "2025-01-01", "2025-11-30");
    List<JsonNode> rows = pagedRows("sales.raw");
    assertThat(rows).hasSizeGreaterThan(300);

    JsonNode map = map("sales.raw");

    assertThat(map.get("assetKey").asText()).isEqualTo("sales.raw");
    assertThat(map.get("total").asInt()).isEqualTo(rows.size());
    assertThat(map.get("legend").toString())
        .isEqualTo("{\"P\":\"IN_PROGRESS\",\"F\":\"FAILED\",\"M\":\"MATERIALIZED\",\"X\":\"MISSING\"}");
    List<String> keys = new ArrayList<>();
    map.get("keys").forEach(k -> keys.add(k.asText()));
    assertThat(keys).containsExactlyElementsOf(rows.stream().map(r -> r.get("partitionKey").asText()).toList());
    String codes = map.get("statuses").asText();
    assertThat(codes).hasSize(rows.size());
    List<String> statuses = new ArrayList<>();
    for (char c : codes.toCharArray()) {
      statuses.add(map.get("legend").get(String.valueOf(c)).asText());
    }
    assertThat(statuses).containsExactlyElementsOf(rows.stream().map(r -> r.get("status").asText()).toList());
    assertThat(new TreeSet<>(statuses)).containsExactly("FAILED", "IN_PROGRESS", "MATERIALIZED");
    List<Integer> stale = new ArrayList<>();
    map.get("stale").forEach(i -> stale.add(i.asInt()));
    List<Integer> staleRows = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).get("isStale").asBoolean()) {
        staleRows.add(i);
      }
    }
    assertThat(staleRows).isNotEmpty().hasSizeLessThan(rows.size());
    assertThat(stale).containsExactlyElementsOf(staleRows);
    assertThat(map.get("stale").size())
        .isEqualTo(server.get(server.ws() + "/assets/sales.raw/partitions/summary").body().get("stalePartitions").asInt());
  }

  @Test
  void anAssetWithoutPartitionRowsGetsTheSummarysNotFound() {
    partitionsInEveryStatus("sales.raw", "2026-01-01", "2026-01-05");
    for (String asset : List.of("sales.dim", "sales.clean", "no.such.asset")) {
      TestServer.Resp map = server.get(server.ws() + "/assets/" + asset + "/partitions/status-map");
      TestServer.Resp summary = server.get(server.ws() + "/assets/" + asset + "/partitions/summary");
      assertThat(map.status()).isEqualTo(404);
      assertThat(map.code()).isEqualTo(summary.code());
      assertThat(map.message()).isEqualTo(summary.message()).isEqualTo("no partitions found for asset: " + asset);
    }
  }

  @Test
  void theMapNeedsTheSameAuthenticationAndWorkspaceAsTheOtherRoutes() {
    partitionsInEveryStatus("sales.raw", "2026-01-01", "2026-01-05");
    String path = server.ws() + "/assets/sales.raw/partitions/status-map";

    TestServer.Resp anonymous = server.send("GET", path, null, Map.of());
    TestServer.Resp anonymousList = server.send("GET", server.ws() + "/partitions", null, Map.of());
    assertThat(anonymous.status()).isEqualTo(401).isEqualTo(anonymousList.status());
    assertThat(anonymous.code()).isEqualTo(anonymousList.code());
    assertThat(anonymous.raw()).doesNotContain("date=");

    TestServer.Resp otherWorkspace =
        server.send(
            "GET",
            "/api/v1/workspaces/w2/assets/sales.raw/partitions/status-map",
            null,
            Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w2", "X-User-Id", "alice"));
    assertThat(otherWorkspace.status()).as(otherWorkspace.raw()).isEqualTo(404);
    assertThat(otherWorkspace.message()).isEqualTo("no partitions found for asset: sales.raw");
  }
}
