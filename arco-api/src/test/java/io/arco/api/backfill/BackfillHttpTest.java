package io.arco.api.backfill;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backfills over HTTP: create/replay/conflict, validation, lifecycle, chunks and listing. */
class BackfillHttpTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "bf-worker");

  @BeforeEach
  void deploy() {
    Map<String, Object> daily =
        with(
            asset("sales.daily"),
            "partitioning",
            Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day"))));
    assertThat(server.post(server.ws() + "/manifests", manifest(daily, asset("sales.plain"))).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String backfills() {
    return server.ws() + "/backfills";
  }

  private static Map<String, Object> rangeRequest(String key, String start, String end, int chunkSize, int concurrency) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("assetSelection", List.of("sales.daily"));
    b.put("partitionSelector", Map.of("type", "range", "start", start, "end", end));
    b.put("clientRequestId", key);
    b.put("chunkSize", chunkSize);
    b.put("maxConcurrentRuns", concurrency);
    return b;
  }

  private List<JsonNode> chunks(String id, String query) {
    List<JsonNode> out = new ArrayList<>();
    server.get(backfills() + "/" + id + "/chunks" + query).body().get("chunks").forEach(out::add);
    return out;
  }

  @Test
  void createAnswers202AReplay200AndAReusedKeyWithAnotherRequest409() {
    TestServer.Resp created = server.post(backfills(), rangeRequest("req-1", "2025-01-01", "2025-01-20", 5, 2));
    TestServer.Resp replay = server.post(backfills(), rangeRequest("req-1", "2025-01-01", "2025-01-20", 5, 2));
    TestServer.Resp conflict = server.post(backfills(), rangeRequest("req-1", "2025-01-01", "2025-01-21", 5, 2));
    Map<String, Object> byHeader = rangeRequest("ignored", "2025-01-01", "2025-01-02", 5, 2);
    byHeader.remove("clientRequestId");
    TestServer.Resp keyed = server.post(backfills(), byHeader, Map.of("Idempotency-Key", "hdr-1"));

    assertThat(created.status()).isEqualTo(202);
    assertThat(created.body().get("backfillId").asText()).isNotEmpty();
    assertThat(created.body().has("acceptedEventId")).isTrue();
    assertThat(created.body().has("acceptedAt")).isTrue();
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(created.body());
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.code()).isEqualTo("CONFLICT");
    assertThat(conflict.message()).isEqualTo("idempotency key already used for a different backfill");
    assertThat(keyed.status()).isEqualTo(202);
    assertThat(server.get(backfills()).body().get("backfills")).hasSize(2);

    JsonNode b = server.get(backfills() + "/" + created.body().get("backfillId").asText()).body();
    assertThat(b.get("state").asText()).isEqualTo("RUNNING");
    assertThat(b.get("stateVersion").asInt()).isEqualTo(1);
    assertThat(b.get("partitionSelector")).isEqualTo(server.json(Map.of("type", "range", "start", "2025-01-01", "end", "2025-01-20")));
    assertThat(b.get("chunkCounts").get("total").asInt()).isEqualTo(4);
    assertThat(b.get("chunkCounts").get("running").asInt()).isEqualTo(2);
    assertThat(b.get("chunkCounts").get("pending").asInt()).isEqualTo(2);
    assertThat(b.get("totalPartitions").asInt()).isEqualTo(20);
  }

  @Test
  void badRequestsAreRefusedWithTheContractsMessagesAndConsumeNothing() {
    Map<String, Object> noKey = rangeRequest("x", "2025-01-01", "2025-01-02", 0, 0);
    noKey.remove("clientRequestId");
    Map<String, Object> badType = rangeRequest("k", "2025-01-01", "2025-01-02", 0, 0);
    badType.put("partitionSelector", Map.of("type", "weekly"));
    Map<String, Object> negative = rangeRequest("k", "2025-01-01", "2025-01-02", 0, 0);
    negative.put("chunkSize", -1);

    assertThat(server.post(backfills(), noKey).message()).isEqualTo("clientRequestId or Idempotency-Key is required");
    assertThat(server.post(backfills(), rangeRequest("k", "2025-01-05", "2025-01-02", 0, 0)).message())
        .isEqualTo("partition selector start must be less than or equal to end");
    TestServer.Resp type = server.post(backfills(), badType);
    assertThat(type.status()).isEqualTo(422);
    assertThat(type.message()).isEqualTo("invalid field 'partitionSelector.type': expected one of range, explicit, filter");
    assertThat(server.post(backfills(), negative).status()).isEqualTo(422);
    Map<String, Object> explicit = new LinkedHashMap<>();
    explicit.put("assetSelection", List.of("sales.daily"));
    explicit.put("partitionSelector", Map.of("type", "explicit", "partitions", List.of("2025-13-45")));
    explicit.put("clientRequestId", "k");
    TestServer.Resp bad = server.post(backfills(), explicit);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("BAD_REQUEST");
    assertThat(server.get(backfills()).body().get("backfills")).isEmpty();
    // The key is still free after the refusals.
    assertThat(server.post(backfills(), rangeRequest("k", "2025-01-01", "2025-01-02", 0, 0)).status()).isEqualTo(202);
    assertThat(server.get(backfills() + "/nope").message()).isEqualTo("backfill not found: nope");
    assertThat(server.get(backfills() + "/nope/chunks").status()).isEqualTo(404);
    assertThat(server.get(backfills() + "?state=BOGUS").status()).isEqualTo(400);
  }

  @Test
  void aBackfillRunsToCompletionAndItsChunksFollowTheirRuns() {
    String id = server.post(backfills(), rangeRequest("req", "2025-01-01", "2025-01-07", 3, 2)).body().get("backfillId").asText();

    List<JsonNode> first = chunks(id, "");
    assertThat(first).hasSize(2);
    assertThat(first.get(0).get("runKey").asText()).isEqualTo("backfill:" + id + ":chunk:0");
    assertThat(first.get(0).get("state").asText()).isEqualTo("RUNNING");
    JsonNode run = server.get(server.ws() + "/runs/" + first.get(0).get("runId").asText()).body();
    assertThat(run.get("tasks")).extracting(t -> t.get("taskKey").asText())
        .containsExactly("sales.daily@date=d:2025-01-01", "sales.daily@date=d:2025-01-02", "sales.daily@date=d:2025-01-03");

    assertThat(worker.drainSucceeding()).hasSize(7);

    JsonNode done = server.get(backfills() + "/" + id).body();
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("chunkCounts")).isEqualTo(server.json(Map.of("total", 3, "pending", 0, "running", 0, "succeeded", 3, "failed", 0, "cancelled", 0)));
    assertThat(chunks(id, "?state=SUCCEEDED")).hasSize(3);
    JsonNode page = server.get(backfills() + "/" + id + "/chunks?limit=2").body();
    assertThat(page.get("chunks")).hasSize(2);
    JsonNode rest = server.get(backfills() + "/" + id + "/chunks?limit=2&cursor=" + page.get("nextCursor").asText()).body();
    assertThat(rest.get("chunks")).extracting(c -> c.get("chunkIndex").asInt()).containsExactly(2);
    assertThat(rest.has("nextCursor")).isFalse();
    assertThat(server.get(backfills() + "?state=SUCCEEDED").body().get("backfills")).hasSize(1);
  }

  @Test
  void lifecycleActionsMoveTheStateAndIllegalOnesAre409() {
    String id = server.post(backfills(), rangeRequest("req", "2025-01-01", "2025-01-30", 5, 1)).body().get("backfillId").asText();
    String base = backfills() + "/" + id;

    JsonNode paused = server.post(base + "/pause", Map.of()).body();
    JsonNode pausedAgain = server.post(base + "/pause", Map.of()).body();
    TestServer.Resp retry = server.post(base + "/retry-failed", Map.of());
    JsonNode resumed = server.post(base + "/resume", Map.of()).body();
    JsonNode cancelled = server.post(base + "/cancel", Map.of()).body();
    TestServer.Resp resumeAfter = server.post(base + "/resume", Map.of());

    assertThat(paused.get("state").asText()).isEqualTo("PAUSED");
    assertThat(paused.get("stateVersion").asInt()).isEqualTo(2);
    assertThat(pausedAgain.get("stateVersion").asInt()).isEqualTo(2);
    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.message()).isEqualTo("backfill " + id + " is PAUSED; cannot retry-failed");
    assertThat(resumed.get("state").asText()).isEqualTo("RUNNING");
    assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("stateVersion").asInt()).isEqualTo(4);
    assertThat(resumeAfter.status()).isEqualTo(409);
    assertThat(resumeAfter.message()).isEqualTo("backfill " + id + " is CANCELLED; cannot resume");
    // The open chunk run was cancelled with the backfill.
    JsonNode chunk = chunks(id, "").get(0);
    assertThat(chunk.get("state").asText()).isEqualTo("CANCELLED");
    assertThat(server.get(server.ws() + "/runs/" + chunk.get("runId").asText()).body().get("state").asText()).isEqualTo("CANCELLED");
    assertThat(server.post(backfills() + "/nope/pause", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void retryFailedOverHttpRerunsOnlyTheFailedPartitions() {
    String id = server.post(backfills(), rangeRequest("req", "2025-01-01", "2025-01-04", 2, 2)).body().get("backfillId").asText();
    for (JsonNode t : worker.poll(10)) {
      worker.started(t);
      if (t.get("partitionKey").asText().equals("date=d:2025-01-03")) {
        worker.fail(t, "DATA_QUALITY", false);
      } else {
        worker.succeed(t);
      }
    }
    assertThat(server.get(backfills() + "/" + id).body().get("state").asText()).isEqualTo("FAILED");

    JsonNode retried = server.post(backfills() + "/" + id + "/retry-failed", Map.of()).body();

    assertThat(retried.get("state").asText()).isEqualTo("RUNNING");
    assertThat(retried.get("retryRound").asInt()).isEqualTo(1);
    JsonNode retryChunk = chunks(id, "").get(2);
    assertThat(retryChunk.get("partitionKeys")).extracting(JsonNode::asText).containsExactly("date=d:2025-01-03", "date=d:2025-01-04");
    assertThat(retryChunk.get("retryRound").asInt()).isEqualTo(1);
    worker.drainSucceeding();
    assertThat(server.get(backfills() + "/" + id).body().get("state").asText()).isEqualTo("SUCCEEDED");
  }
}
