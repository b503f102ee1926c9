package io.arco.api.http;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every generic list keeps the contract's cursor forms (decisions §7.9): a purely numeric cursor is
 * a legacy offset, a key cursor resumes after its tuple, and every time key handed out is RFC 3339
 * with 9 fractional digits (the nanosecond keys handed out before are still read).
 */
class GenericListCursorsHttpTest {
  private static final String RFC3339_NANOS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z";

  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");
  private String backfillId;

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Three of everything: schedules (one hourly, ticking three times), push sensors (one evaluated
   * three times), backfills (one of three one-day chunks, dispatched so partition rows exist), and
   * never-materialized assets for the staleness report.
   */
  @BeforeEach
  void threeOfEverything() {
    Map<String, Object> daily =
        with(
            asset("sales.raw"),
            "partitioning",
            Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day"))));
    Map<String, Object> m = manifest(daily, asset("sales.plain"), asset("sales.other"));
    m.put(
        "schedules",
        List.of(
            Map.of("id", "hourly", "cron", "0 * * * *", "assets", List.of("sales.plain")),
            Map.of("id", "yearly-a", "cron", "0 0 1 1 *", "assets", List.of("sales.plain")),
            Map.of("id", "yearly-b", "cron", "0 0 1 1 *", "assets", List.of("sales.plain"))));
    m.put(
        "sensors",
        List.of(
            Map.of("id", "inbox-a", "kind", "push", "assets", List.of("sales.plain")),
            Map.of("id", "inbox-b", "kind", "push", "assets", List.of("sales.plain")),
            Map.of("id", "inbox-c", "kind", "push", "assets", List.of("sales.plain"))));
    assertThat(server.post(server.ws() + "/manifests", m).status()).isEqualTo(201);
    server.advance(Duration.ofHours(3));
    for (int i = 0; i < 3; i++) {
      server.advance(Duration.ofSeconds(1));
      TestServer.Resp e =
          server.post(
              server.ws() + "/sensors/inbox-a/evaluate",
              Map.of("payload", Map.of("n", i), "messageId", "msg-" + i));
      assertThat(e.status()).as(e.raw()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      server.advance(Duration.ofSeconds(1));
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("assetSelection", List.of("sales.raw"));
      b.put("partitionSelector", Map.of("type", "range", "start", "2025-01-01", "end", "2025-01-03"));
      b.put("clientRequestId", "req-" + i);
      b.put("chunkSize", 1);
      b.put("maxConcurrentRuns", 3);
      TestServer.Resp r = server.post(server.ws() + "/backfills", b);
      assertThat(r.status()).as(r.raw()).isEqualTo(202);
      if (i == 0) {
        backfillId = r.body().get("backfillId").asText();
      }
    }
    worker.poll(100);
  }

  private JsonNode get(String path) {
    TestServer.Resp r = server.get(server.ws() + path);
    assertThat(r.status()).as(path + ": " + r.raw()).isEqualTo(200);
    return r.body();
  }

  private static String sep(String path) {
    return path.contains("?") ? "&" : "?";
  }

  /** The whole list in one page. */
  private List<JsonNode> all(String path, String items) {
    JsonNode page = get(path + sep(path) + "limit=200");
    assertThat(page.has("nextCursor")).isFalse();
    List<JsonNode> out = new ArrayList<>();
    page.get(items).forEach(out::add);
    return out;
  }

  private static List<JsonNode> items(JsonNode page, String field) {
    List<JsonNode> out = new ArrayList<>();
    page.get(field).forEach(out::add);
    return out;
  }

  /**
   * A numeric cursor {@code k} is the slice of the whole list from item {@code k}: its next
   * cursor (a key cursor) continues the slice, and past the end the page is empty.
   */
  private void assertLegacyOffsets(String path, String field) {
    List<JsonNode> whole = all(path, field);
    assertThat(whole).as(path).hasSizeGreaterThanOrEqualTo(3);
    for (int k = 0; k <= whole.size(); k++) {
      JsonNode page = get(path + sep(path) + "limit=1&cursor=" + k);
      assertThat(items(page, field)).as(path + " at offset " + k).isEqualTo(whole.subList(k, Math.min(k + 1, whole.size())));
      assertThat(page.has("nextCursor")).as(path + " at offset " + k).isEqualTo(k + 1 < whole.size());
      if (page.has("nextCursor")) {
        JsonNode rest = get(path + sep(path) + "limit=200&cursor=" + page.get("nextCursor").asText());
        assertThat(items(rest, field)).isEqualTo(whole.subList(k + 1, whole.size()));
      }
    }
    assertThat(items(get(path + sep(path) + "cursor=18446744073709551615"), field))
        .as("an offset past any list")
        .isEmpty();
  }

  @Test
  void everyGenericListReadsANumericCursorAsALegacyOffset() {
    assertLegacyOffsets("/schedules", "schedules");
    assertLegacyOffsets("/schedules/hourly/ticks", "ticks");
    assertLegacyOffsets("/sensors", "sensors");
    assertLegacyOffsets("/sensors/inbox-a/evals", "evals");
    assertLegacyOffsets("/backfills", "backfills");
    assertLegacyOffsets("/backfills/" + backfillId + "/chunks", "chunks");
    assertLegacyOffsets("/partitions", "partitions");
    assertLegacyOffsets("/staleness", "partitions");
  }

  private static List<String> keysOf(String cursor) {
    JsonNode n = Json.MAPPER.valueToTree(decode(cursor));
    List<String> out = new ArrayList<>();
    n.get("keys").forEach(k -> out.add(k.asText()));
    return out;
  }

  private static JsonNode decode(String cursor) {
    try {
      return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String cursor(String... keys) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.string(Map.of("keys", List.of(keys))).getBytes(StandardCharsets.UTF_8));
  }

  private static String nanos(String rfc3339) {
    Instant at = Instant.parse(rfc3339);
    return BigInteger.valueOf(at.getEpochSecond())
        .multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(at.getNano()))
        .toString();
  }

  @Test
  void everyTimeKeyHandedOutIsRfc3339WithNineFractionalDigits() {
    for (String path : List.of("/schedules/hourly/ticks", "/sensors/inbox-a/evals", "/backfills")) {
      String next = get(path + "?limit=1").get("nextCursor").asText();
      assertThat(keysOf(next).get(0)).as(path).matches(RFC3339_NANOS);
    }
    worker.drainSucceeding();
    JsonNode runs = get("/runs?limit=1");
    assertThat(decode(runs.get("nextCursor").asText()).get("triggered_at").asText()).matches(RFC3339_NANOS);
  }

  @Test
  void evalAndBackfillCursorsHandedOutWithNanosecondKeysStillResume() {
    List<JsonNode> evals = all("/sensors/inbox-a/evals", "evals");
    JsonNode first = evals.get(0);
    String old = cursor(nanos(first.get("evaluatedAt").asText()), first.get("evalId").asText());
    assertThat(items(get("/sensors/inbox-a/evals?cursor=" + old), "evals")).isEqualTo(evals.subList(1, evals.size()));

    List<JsonNode> backfills = all("/backfills", "backfills");
    JsonNode newest = backfills.get(0);
    String oldBackfill = cursor(nanos(newest.get("createdAt").asText()), newest.get("backfillId").asText());
    assertThat(items(get("/backfills?cursor=" + oldBackfill), "backfills"))
        .isEqualTo(backfills.subList(1, backfills.size()));
  }

  private void assertInvalidCursor(String path, String cursor) {
    TestServer.Resp r = server.get(server.ws() + path + "?cursor=" + cursor);
    assertThat(r.status()).as(path + " " + cursor).isEqualTo(400);
    assertThat(r.message()).isEqualTo("invalid cursor");
  }

  @Test
  void otherCursorsAreStillInvalid() {
    for (String path : List.of("/schedules", "/schedules/hourly/ticks", "/sensors/inbox-a/evals", "/backfills", "/partitions")) {
      assertInvalidCursor(path, "abc");
      assertInvalidCursor(path, "-1");
      assertInvalidCursor(path, cursor("a", "b", "c"));
    }
    for (String path : List.of("/schedules/hourly/ticks", "/sensors/inbox-a/evals", "/backfills")) {
      assertInvalidCursor(path, cursor("2026-01-01", "x"));
    }
  }
}
