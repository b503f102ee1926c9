package io.arco.api.cli.automation;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code arco backfill ...} against a real server: create with each selector, read, steer. */
class BackfillCliTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "bf-cli-worker");
  private final ArcoCli arco = new ArcoCli(server);

  @BeforeEach
  void deploy() {
    Map<String, Object> daily =
        with(
            asset("sales.daily"),
            "partitioning",
            Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day"))));
    assertThat(server.post(server.ws() + "/manifests", manifest(daily)).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String create(String... args) {
    ArcoCli.Result r = arco.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().get(0)).startsWith("BACKFILL");
    return r.row(r.lines().get(1).split(" ")[0]).get(0);
  }

  @Test
  void aBackfillCreatedFromTheCliIsListedShownAndPausedResumedAndCancelled() {
    ArcoCli.Result created =
        arco.run(
            "backfill", "create", "sales.daily", "--range", "2025-01-01..2025-01-20",
            "--chunk-size", "5", "--max-concurrent-runs", "1", "--request-id", "req-1");
    assertThat(created.code()).as(created.err()).isZero();
    String id = created.lines().get(1).split(" ")[0];
    assertThat(created.row(id)).containsSubsequence(id, "created");
    ArcoCli.Result replay =
        arco.run(
            "backfill", "create", "sales.daily", "--range", "2025-01-01..2025-01-20",
            "--chunk-size", "5", "--max-concurrent-runs", "1", "--request-id", "req-1");
    assertThat(replay.row(id)).containsSubsequence(id, "existing (same request id)");

    ArcoCli.Result list = arco.run("backfill", "list");
    assertThat(list.code()).isZero();
    assertThat(list.lines().get(0)).startsWith("BACKFILL").contains("STATE", "SELECTOR", "CHUNKS DONE");
    assertThat(list.row(id)).containsSubsequence(id, "RUNNING", "sales.daily", "range 2025-01-01..2025-01-20", "0/4");

    ArcoCli.Result get = arco.run("backfill", "get", id);
    assertThat(get.code()).isZero();
    assertThat(get.detail("state")).isEqualTo("RUNNING (version 1)");
    assertThat(get.detail("chunks")).isEqualTo("4 total: 0 succeeded, 1 running, 3 pending, 0 failed, 0 cancelled");
    assertThat(get.detail("partitions"))
        .isEqualTo("20 total: 0 succeeded, 5 running, 0 failed, 0 cancelled, 15 not started");

    assertThat(arco.run("backfill", "pause", id).row(id)).containsSubsequence(id, "PAUSED", "2");
    assertThat(arco.run("backfill", "list", "--state", "paused").row(id)).contains("PAUSED");
    assertThat(arco.run("backfill", "resume", id).row(id)).containsSubsequence(id, "RUNNING", "3");
    assertThat(arco.run("backfill", "cancel", id).row(id)).containsSubsequence(id, "CANCELLED", "4");
    ArcoCli.Result chunks = arco.run("backfill", "chunks", id);
    assertThat(chunks.row("0"))
        .containsSubsequence("0", "CANCELLED", "0", "5", "date=d:2025-01-01", "date=d:2025-01-05");

    ArcoCli.Result illegal = arco.run("backfill", "resume", id);
    assertThat(illegal.code()).isEqualTo(1);
    assertThat(illegal.out()).isEmpty();
    assertThat(illegal.err())
        .isEqualTo("error: HTTP 409 CONFLICT: backfill " + id + " is CANCELLED; cannot resume" + System.lineSeparator());
  }

  @Test
  void explicitAndFilterSelectorsNameTheirPartitions() {
    String explicit =
        create("backfill", "create", "sales.daily", "--partitions", "2025-02-01,2025-02-03", "--partitions", "date=d:2025-02-05");
    String filter = create("backfill", "create", "sales.daily", "--filter", "start=2025-03-01,end=2025-03-04");

    JsonNode e = server.get(server.ws() + "/backfills/" + explicit).body();
    assertThat(e.get("partitionSelector").get("partitions")).extracting(JsonNode::asText)
        .containsExactly("date=d:2025-02-01", "date=d:2025-02-03", "date=d:2025-02-05");
    assertThat(e.get("totalPartitions").asInt()).isEqualTo(3);
    JsonNode f = server.get(server.ws() + "/backfills/" + filter).body();
    assertThat(f.get("partitionSelector").get("filters"))
        .isEqualTo(server.json(Map.of("start", "2025-03-01", "end", "2025-03-04")));
    assertThat(f.get("totalPartitions").asInt()).isEqualTo(4);
    assertThat(arco.run("backfill", "list").row(explicit))
        .contains("explicit date=d:2025-02-01 date=d:2025-02-03 date=d:2025-02-05");
    assertThat(arco.run("backfill", "get", filter).detail("selector")).isEqualTo("filter end=2025-03-04,start=2025-03-01");
  }

  @Test
  void getCountsEachPartitionInItsLatestChunkAndRetryFailedStartsANewRound() {
    String id =
        create("backfill", "create", "sales.daily", "--range", "2025-01-01..2025-01-02", "--chunk-size", "1");
    for (JsonNode t : worker.poll(10)) {
      worker.started(t);
      if (t.get("partitionKey").asText().equals("date=d:2025-01-02")) {
        worker.fail(t, "DATA_QUALITY", false);
      } else {
        worker.succeed(t);
      }
    }
    ArcoCli.Result failed = arco.run("backfill", "get", id);
    assertThat(failed.detail("state")).startsWith("FAILED");
    assertThat(failed.detail("partitions"))
        .isEqualTo("2 total: 1 succeeded, 0 running, 1 failed, 0 cancelled, 0 not started");

    ArcoCli.Result retried = arco.run("backfill", "retry-failed", id);
    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(retried.row(id)).containsSubsequence(id, "RUNNING", "1");

    ArcoCli.Result after = arco.run("backfill", "get", id);
    assertThat(after.detail("retry round")).isEqualTo("1");
    assertThat(after.detail("partitions"))
        .isEqualTo("2 total: 1 succeeded, 1 running, 0 failed, 0 cancelled, 0 not started");
    assertThat(arco.run("backfill", "chunks", id, "--state", "FAILED").row("1")).containsSubsequence("1", "FAILED", "0");
  }

  @Test
  void jsonOutputIsTheApisJsonAndListsPrintTheNextCursor() {
    String first = create("backfill", "create", "sales.daily", "--range", "2025-01-01..2025-01-02");
    String second = create("backfill", "create", "sales.daily", "--range", "2025-01-03..2025-01-04");

    ArcoCli.Result json = arco.run("backfill", "list", "--output", "json");
    assertThat(json.json()).isEqualTo(server.get(server.ws() + "/backfills").body());
    assertThat(arco.run("backfill", "get", first, "-o", "json").json())
        .isEqualTo(server.get(server.ws() + "/backfills/" + first).body());
    ArcoCli.Result created =
        arco.run("backfill", "create", "sales.daily", "--range", "2025-01-05..2025-01-05", "--output", "json");
    assertThat(created.json().get("backfillId").asText()).isNotEmpty();
    assertThat(created.json().has("acceptedEventId")).isTrue();

    ArcoCli.Result page = arco.run("backfill", "list", "--limit", "2");
    String cursor = server.get(server.ws() + "/backfills?limit=2").body().get("nextCursor").asText();
    assertThat(page.lines()).hasSize(4).last().isEqualTo("next cursor: " + cursor);
    ArcoCli.Result rest = arco.run("backfill", "list", "--limit", "2", "--cursor", cursor);
    assertThat(rest.lines()).hasSize(2).noneMatch(l -> l.startsWith("next cursor"));
    assertThat(page.out() + rest.out()).contains(first, second);
  }

  @Test
  void errorsAreOneLineWithTheContractsCodeAndANonZeroExit() {
    ArcoCli.Result unknown = arco.run("backfill", "get", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).isEqualTo("error: HTTP 404 NOT_FOUND: backfill not found: nope" + System.lineSeparator());

    ArcoCli.Result twoAssets = arco.run("backfill", "create", "sales.daily", "sales.other", "--range", "2025-01-01..2025-01-02");
    assertThat(twoAssets.code()).isEqualTo(1);
    assertThat(twoAssets.err()).isEqualTo("error: HTTP 400 BAD_REQUEST: multi-asset backfills are not supported yet" + System.lineSeparator());

    ArcoCli.Result badRange = arco.run("backfill", "create", "sales.daily", "--range", "2025-01-01");
    assertThat(badRange.code()).isEqualTo(2);
    assertThat(badRange.err()).isEqualTo("error: --range must be START..END, got '2025-01-01'" + System.lineSeparator());

    ArcoCli.Result noSelector = arco.run("backfill", "create", "sales.daily");
    assertThat(noSelector.code()).isEqualTo(2);
    assertThat(noSelector.err()).contains("--partitions", "--range", "--filter");
    ArcoCli.Result twoSelectors =
        arco.run("backfill", "create", "sales.daily", "--range", "2025-01-01..2025-01-02", "--partitions", "2025-01-01");
    assertThat(twoSelectors.code()).isEqualTo(2);
    assertThat(server.get(server.ws() + "/backfills").body().get("backfills")).isEmpty();

    ArcoCli.Result refused = ArcoCli.raw("backfill", "list", "--url", "http://127.0.0.1:1");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).startsWith("error: cannot connect to http://127.0.0.1:1").doesNotContain("Exception");
  }

  @Test
  void aGroupWithoutASubcommandIsAUsageError() {
    ArcoCli.Result r = ArcoCli.raw("backfill");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required subcommand").contains("create", "retry-failed");
  }
}
