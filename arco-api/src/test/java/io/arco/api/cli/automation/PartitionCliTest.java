package io.arco.api.cli.automation;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code arco partitions ASSET} and {@code arco staleness} against a real server and worker. */
class PartitionCliTest {
  private static final String D1 = "date=d:2026-01-01";
  private static final String D2 = "date=d:2026-01-02";
  private static final String D3 = "date=d:2026-01-03";
  private static final Map<String, Object> DAILY =
      Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day")));

  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "p-cli-worker");
  private final ArcoCli arco = new ArcoCli(server);

  @BeforeEach
  void deploy() {
    TestServer.Resp r =
        server.post(
            server.ws() + "/manifests",
            manifest(
                with(asset("sales.raw"), "partitioning", DAILY),
                with(asset("sales.clean", "sales.raw"), "partitioning", DAILY),
                asset("sales.dim")));
    assertThat(r.status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String run(String asset, String partitionKey, boolean upstream) {
    Map<String, Object> body = new LinkedHashMap<>(io.arco.api.testing.Fixtures.trigger(asset));
    body.put("partitionKey", partitionKey);
    body.put("includeUpstream", upstream);
    TestServer.Resp r = server.post(server.ws() + "/runs", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("runId").asText();
  }

  @Test
  void partitionsShowEachPartitionsStatusPagedAndTheSummaryCountsThem() {
    String d1Run = run("sales.raw", D1, false);
    run("sales.raw", D2, false);
    run("sales.raw", D3, false);
    for (JsonNode t : worker.poll(3)) {
      String key = t.path("payload").path("partitionKey").asText();
      if (key.equals(D1)) {
        worker.succeed(t);
      } else if (key.equals(D2)) {
        worker.fail(t, "DATA_QUALITY", false);
      }
    }

    ArcoCli.Result all = arco.run("partitions", "sales.raw");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.row(D1)).containsSubsequence(D1, "MATERIALIZED", "no", "2026-01-01T00:00:00Z", d1Run, "SUCCEEDED");
    assertThat(all.row(D2)).containsSubsequence(D2, "FAILED", "NEVER_MATERIALIZED", "-", "-", "FAILED");
    assertThat(all.row(D3)).containsSubsequence(D3, "IN_PROGRESS");

    ArcoCli.Result page = arco.run("partitions", "sales.raw", "--limit", "2");
    assertThat(page.lines()).hasSize(4);
    String cursor = page.lines().get(3).substring("next cursor: ".length());
    ArcoCli.Result rest = arco.run("partitions", "sales.raw", "--limit", "2", "--cursor", cursor);
    assertThat(rest.lines()).hasSize(2);
    assertThat(rest.row(D3)).contains("IN_PROGRESS");
    assertThat(arco.run("partitions", "sales.raw", "--status", "failed").lines()).hasSize(2);
    assertThat(arco.run("partitions", "sales.raw", "--stale-only").lines()).hasSize(3);

    ArcoCli.Result summary = arco.run("partitions", "sales.raw", "--summary");
    assertThat(summary.detail("partitions")).isEqualTo("3");
    assertThat(summary.detail("materialized")).isEqualTo("1");
    assertThat(summary.detail("failed")).isEqualTo("1");
    assertThat(summary.detail("in progress")).isEqualTo("1");
    assertThat(arco.run("partitions", "sales.raw", "-o", "json").json())
        .isEqualTo(server.get(server.ws() + "/partitions?assetKey=sales.raw").body());
    assertThat(arco.run("partitions", "sales.raw", "--summary", "-o", "json").json())
        .isEqualTo(server.get(server.ws() + "/assets/sales.raw/partitions/summary").body());

    ArcoCli.Result none = arco.run("partitions", "sales.dim", "--summary");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("error: HTTP 404 NOT_FOUND: no partitions found for asset: sales.dim" + System.lineSeparator());
  }

  @Test
  void stalenessListsStalePartitionsWithReasonsAndCauses() {
    run("sales.clean", D1, true);
    worker.drainSucceeding();
    server.advance(Duration.ofMinutes(10));
    run("sales.raw", D1, false);
    worker.drainSucceeding();

    ArcoCli.Result all = arco.run("staleness");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.row("sales.clean"))
        .containsExactly(
            "sales.clean", D1, "UPSTREAM_CHANGED", "2026-01-01T00:10:00Z",
            "UPSTREAM_CHANGED sales.raw[" + D1 + "] at 2026-01-01T00:10:00Z");
    assertThat(all.row("sales.dim")).containsSubsequence("sales.dim", "-", "NEVER_MATERIALIZED");

    ArcoCli.Result one = arco.run("staleness", "--asset", "sales.dim");
    assertThat(one.lines()).hasSize(2);
    assertThat(one.lines().get(1)).startsWith("sales.dim");
    ArcoCli.Result page = arco.run("staleness", "--limit", "1");
    assertThat(page.lines()).hasSize(3).last().asString().startsWith("next cursor: ");
    assertThat(arco.run("staleness", "-o", "json").json()).isEqualTo(server.get(server.ws() + "/staleness").body());
  }
}
