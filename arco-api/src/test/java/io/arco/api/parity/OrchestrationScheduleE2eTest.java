package io.arco.api.parity;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.model.Scope;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules end to end over HTTP under the manual clock: deploy a manifest with a schedule, move
 * time over several ticks and over an outage longer than the catch-up bound, drive the runs as a
 * worker, disable and enable, upsert a changed cron, and read the tick history.
 */
class OrchestrationScheduleE2eTest {
  private static final Scope WS = new Scope("t1", "w1");
  // TestServer's manual clock starts at 2026-01-01T00:00:00Z.
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "sched-worker");

  @AfterEach
  void stop() {
    server.close();
  }

  private String schedules() {
    return server.ws() + "/schedules";
  }

  private List<JsonNode> ticks(String scheduleId) {
    return ticks(server, scheduleId);
  }

  private static List<JsonNode> ticks(TestServer on, String scheduleId) {
    List<JsonNode> out = new ArrayList<>();
    on.get(on.ws() + "/schedules/" + scheduleId + "/ticks?limit=200").body().get("ticks").forEach(out::add);
    return out;
  }

  private void deployHourly(Map<String, Object> extra) {
    deployHourly(server, extra);
  }

  private static void deployHourly(TestServer on, Map<String, Object> extra) {
    Map<String, Object> schedule = new LinkedHashMap<>();
    schedule.put("id", "hourly");
    schedule.put("cron", "0 * * * *");
    schedule.put("assets", List.of("sales.raw", "sales.daily"));
    schedule.putAll(extra);
    Map<String, Object> m = manifest(asset("sales.raw"), asset("sales.daily", "sales.raw"));
    m.put("schedules", List.of(schedule));
    assertThat(on.post(on.ws() + "/manifests", m).status()).isEqualTo(201);
  }

  @Test
  void schedulesTickRequestRunsAndKeepTheirHistoryOverHttp() {
    deployHourly(Map.of("maxCatchupTicks", 2, "catchupWindowMinutes", 180));
    JsonNode s = server.get(schedules() + "/hourly").body();
    assertThat(s.get("cronExpression").asText()).isEqualTo("0 * * * *");
    assertThat(s.get("enabled").asBoolean()).isTrue();
    assertThat(s.get("assetSelection")).extracting(JsonNode::asText).containsExactly("sales.daily", "sales.raw");
    assertThat(s.has("lastScheduledFor")).isFalse();

    // Two hours: two ticks, two runs.
    server.advance(Duration.ofHours(2));
    List<JsonNode> two = ticks("hourly");
    assertThat(two).extracting(t -> t.get("tickId").asText()).containsExactly("hourly:1767232800", "hourly:1767229200");
    assertThat(two).extracting(t -> t.get("status").asText()).containsOnly("TRIGGERED");
    JsonNode firstTick = two.get(1);
    assertThat(firstTick.get("runKey").asText()).isEqualTo("sched:hourly:1767229200");
    JsonNode run = server.get(server.ws() + "/runs/" + firstTick.get("runId").asText()).body();
    assertThat(run.get("runKey").asText()).isEqualTo("sched:hourly:1767229200");
    assertThat(run.get("tasks")).extracting(t -> t.get("taskKey").asText()).containsExactly("sales.daily", "sales.raw");
    assertThat(worker.drainSucceeding()).hasSize(4);
    assertThat(server.get(server.ws() + "/runs?state=SUCCEEDED").body().get("runs")).hasSize(2);

    // An outage of ten hours: only the window (3 h) is considered, the newest 2 ticks run, the one
    // before is skipped as over the catch-up limit, older ones are not recorded.
    server.advance(Duration.ofHours(10));
    List<JsonNode> after = ticks("hourly");
    assertThat(after).hasSize(5);
    assertThat(after.subList(0, 2)).extracting(t -> t.get("status").asText()).containsOnly("TRIGGERED");
    assertThat(after.get(2).get("status").asText()).isEqualTo("SKIPPED");
    assertThat(after.get(2).get("skipReason").asText()).isEqualTo("catchup_limit");
    assertThat(after.get(0).get("scheduledFor").asText()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(server.get(schedules() + "/hourly").body().get("lastScheduledFor").asText()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(4);
    worker.drainSucceeding();

    // Disabled: ticks are recorded as paused and request nothing; enabling resumes from now.
    JsonNode disabled = server.post(schedules() + "/hourly/disable", Map.of()).body();
    assertThat(disabled.get("enabled").asBoolean()).isFalse();
    server.advance(Duration.ofHours(1));
    JsonNode paused = ticks("hourly").get(0);
    assertThat(paused.get("skipReason").asText()).isEqualTo("paused");
    assertThat(paused.has("runKey")).isFalse();
    assertThat(server.post(schedules() + "/hourly/enable", Map.of()).body().get("enabled").asBoolean()).isTrue();
    server.advance(Duration.ofHours(1));
    assertThat(ticks("hourly").get(0).get("status").asText()).isEqualTo("TRIGGERED");

    // A changed cron via the API: daily at 06:00 from now on.
    Map<String, Object> upsert = new LinkedHashMap<>();
    upsert.put("cronExpression", "0 6 * * *");
    upsert.put("timezone", "UTC");
    upsert.put("catchupWindowMinutes", 180);
    upsert.put("maxCatchupTicks", 2);
    upsert.put("enabled", true);
    upsert.put("assetSelection", List.of("sales.raw"));
    TestServer.Resp changed = server.send("PUT", schedules() + "/hourly", io.arco.api.http.Json.string(upsert),
        Map.of("Content-Type", "application/json", "X-Tenant-Id", "t1", "X-Workspace-Id", "w1"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().get("cronExpression").asText()).isEqualTo("0 6 * * *");
    int before = ticks("hourly").size();
    server.advance(Duration.ofHours(5));
    assertThat(ticks("hourly")).hasSize(before);
    server.advance(Duration.ofHours(12));
    JsonNode daily = ticks("hourly").get(0);
    assertThat(daily.get("scheduledFor").asText()).isEqualTo("2026-01-02T06:00:00Z");
    assertThat(daily.get("assetSelection")).extracting(JsonNode::asText).containsExactly("sales.raw");

    // One tick by id; status filter.
    TestServer.Resp one = server.get(schedules() + "/hourly/ticks/" + daily.get("tickId").asText());
    assertThat(one.body().get("runId").asText()).isEqualTo(daily.get("runId").asText());
    long skipped = ticks("hourly").stream().filter(t -> t.get("status").asText().equals("SKIPPED")).count();
    assertThat(skipped).as("the catch-up limit and the paused hour skipped ticks").isGreaterThanOrEqualTo(2);
    assertThat(server.get(schedules() + "/hourly/ticks?status=SKIPPED").body().get("ticks"))
        .hasSize((int) skipped)
        .extracting(t -> t.get("status").asText()).containsOnly("SKIPPED");
    assertThat(server.get(schedules() + "/hourly/ticks/hourly:1").message()).isEqualTo("tick not found: hourly:1");
    assertThat(server.get(schedules() + "/nope/ticks/hourly:1").message()).isEqualTo("schedule not found: nope");
    assertThat(server.get(schedules() + "/nope/ticks").body().get("ticks")).isEmpty();
  }

  @Test
  void overlapSkipSkipsTicksWhileThePreviousTicksRunIsOpenOverHttp() {
    deployHourly(Map.of("overlapPolicy", "SKIP"));
    assertThat(server.get(schedules() + "/hourly").body().get("overlapPolicy").asText()).isEqualTo("SKIP");

    // 01:00 starts a run; at 02:00 that run is still open, so the tick is skipped.
    server.advance(Duration.ofHours(1));
    server.advance(Duration.ofHours(1));
    List<JsonNode> open = ticks("hourly");
    assertThat(open).extracting(t -> t.get("status").asText()).containsExactly("SKIPPED", "TRIGGERED");
    assertThat(open.get(0).get("skipReason").asText()).isEqualTo("overlap");
    assertThat(open.get(0).has("runKey")).isFalse();
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(1);

    // Once the run has ended, the next tick runs again.
    assertThat(worker.drainSucceeding()).hasSize(2);
    server.advance(Duration.ofHours(1));
    List<JsonNode> after = ticks("hourly");
    assertThat(after).extracting(t -> t.get("status").asText()).containsExactly("TRIGGERED", "SKIPPED", "TRIGGERED");
    assertThat(after.get(0).get("scheduledFor").asText()).isEqualTo("2026-01-01T03:00:00Z");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(2);
  }

  @Test
  void upsertCreatesThenUpdatesAndTheListPages() {
    server.post(server.ws() + "/manifests", manifest(asset("sales.raw")));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cronExpression", "*/15 * * * *");
    body.put("timezone", "Europe/Paris");
    body.put("catchupWindowMinutes", 0);
    body.put("maxCatchupTicks", 1);
    body.put("enabled", true);
    body.put("assetSelection", List.of("sales/raw"));
    Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Tenant-Id", "t1", "X-Workspace-Id", "w1");

    for (String id : List.of("b", "a", "c")) {
      TestServer.Resp created = server.send("PUT", schedules() + "/" + id, io.arco.api.http.Json.string(body), headers);
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      assertThat(created.body().get("overlapPolicy").asText()).isEqualTo("ALLOW");
    }
    TestServer.Resp same = server.send("PUT", schedules() + "/a", io.arco.api.http.Json.string(body), headers);
    assertThat(same.status()).isEqualTo(200);

    JsonNode page1 = server.get(schedules() + "?limit=2").body();
    assertThat(page1.get("schedules")).extracting(x -> x.get("scheduleId").asText()).containsExactly("a", "b");
    JsonNode page2 = server.get(schedules() + "?limit=2&cursor=" + page1.get("nextCursor").asText()).body();
    assertThat(page2.get("schedules")).extracting(x -> x.get("scheduleId").asText()).containsExactly("c");
    assertThat(page2.has("nextCursor")).isFalse();

    body.remove("enabled");
    TestServer.Resp missing = server.send("PUT", schedules() + "/a", io.arco.api.http.Json.string(body), headers);
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().get("details").get("field").asText()).isEqualTo("enabled");
    body.put("enabled", true);
    body.put("timezone", "Nowhere/Land");
    assertThat(server.send("PUT", schedules() + "/a", io.arco.api.http.Json.string(body), headers).message())
        .isEqualTo("invalid timezone");
    assertThat(server.post(schedules() + "/zzz/enable", Map.of()).message()).isEqualTo("schedule not found: zzz");
    assertThat(server.get(schedules() + "/zzz").status()).isEqualTo(404);
  }

  @Test
  void theSameTickNeverStartsASecondRunAcrossRestartsOfTheClockPass(@TempDir Path dir) {
    Path db = dir.resolve("arco.db");
    long headAfterFirst;
    String ticksBefore;
    String runsBefore;
    try (TestServer first = TestServer.start(SqliteEventStore.open(db))) {
      deployHourly(first, Map.of());
      first.advance(Duration.ofMinutes(61));
      first.engine().tickAllAndWait();
      first.engine().tickAllAndWait();

      assertThat(ticks(first, "hourly")).hasSize(1);
      assertThat(first.get(first.ws() + "/runs").body().get("runs")).hasSize(1);
      ticksBefore = first.get(first.ws() + "/schedules/hourly/ticks?limit=200").raw();
      runsBefore = first.get(first.ws() + "/runs").raw();
    }
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      headAfterFirst = store.head(WS);
    }

    // A restarted server resumes its manual clock at the newest stored event, so its passes
    // evaluate the same due tick again.
    try (TestServer restarted = TestServer.start(SqliteEventStore.open(db))) {
      assertThat(restarted.engine().now()).isEqualTo(TestServer.START.plus(Duration.ofMinutes(61)));
      restarted.engine().tickAllAndWait();
      restarted.engine().tickAllAndWait();

      assertThat(restarted.get(restarted.ws() + "/schedules/hourly/ticks?limit=200").raw()).isEqualTo(ticksBefore);
      assertThat(restarted.get(restarted.ws() + "/runs").raw()).isEqualTo(runsBefore);
    }
    try (SqliteEventStore store = SqliteEventStore.open(db)) {
      assertThat(store.head(WS)).as("the restarted passes appended nothing").isEqualTo(headAfterFirst);
    }
  }
}
