package io.arco.api.run;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live logs (an addition): a worker appends chunks of a running attempt's stdout and stderr with
 * its task token ({@code POST /api/v1/tasks/{taskId}/logs/live}), idempotent by offset, and users
 * read them while the attempt runs ({@code GET .../runs/{runId}/logs/live}) with the next offset
 * and whether the attempt has finished; the contract's log routes are untouched.
 */
class LiveLogHttpTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");
  private String runId;
  private JsonNode env;

  @BeforeEach
  void aRunningAttempt() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    runId = server.post(server.ws() + "/runs", trigger("s.a")).body().get("runId").asText();
    env = worker.pollOne();
    assertThat(worker.started(env).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, Object> chunk(int attempt, String stream, long offset, String text) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("attempt", attempt);
    b.put("stream", stream);
    b.put("offset", offset);
    b.put("text", text);
    return b;
  }

  private Resp append(String stream, long offset, String text) {
    return worker.callback(env, "logs/live", chunk(1, stream, offset, text));
  }

  private Resp read(String query) {
    return server.get(server.ws() + "/runs/" + runId + "/logs/live?" + query);
  }

  private static String nextOffset(Resp r) {
    return r.headers().firstValue("x-arco-next-offset").orElse("");
  }

  private static String complete(Resp r) {
    return r.headers().firstValue("x-arco-log-complete").orElse("");
  }

  private static void assertCallbackError(Resp r, int status, String error, String message) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.body().get("error").asText()).isEqualTo(error);
    assertThat(r.body().get("message").asText()).isEqualTo(message);
  }

  @Test
  void outputAppendedWhileTheAttemptRunsIsReadableFromAnOffsetAndNotYetComplete() {
    Resp first = append("stdout", 0, "extracting 10 rows\n");
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(first.body().get("stored").asBoolean()).isTrue();
    assertThat(first.body().get("nextOffset").asLong()).isEqualTo(19);
    assertThat(append("stdout", 19, "héllo\n").body().get("nextOffset").asLong()).isEqualTo(26);
    assertThat(append("stderr", 0, "warning\n").status()).isEqualTo(200);

    Resp all = read("taskKey=s.a&attempt=1");
    assertThat(all.status()).as(all.raw()).isEqualTo(200);
    assertThat(all.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(all.raw()).isEqualTo("extracting 10 rows\nhéllo\n");
    assertThat(nextOffset(all)).isEqualTo("26");
    assertThat(complete(all)).isEqualTo("false");

    Resp tail = read("taskKey=s.a&attempt=1&stream=stdout&offset=19");
    assertThat(tail.raw()).isEqualTo("héllo\n");
    Resp midChunk = read("taskKey=s.a&attempt=1&offset=11");
    assertThat(midChunk.raw()).isEqualTo("10 rows\nhéllo\n");
    Resp caughtUp = read("taskKey=s.a&attempt=1&offset=26");
    assertThat(caughtUp.status()).isEqualTo(200);
    assertThat(caughtUp.raw()).isEmpty();
    assertThat(nextOffset(caughtUp)).isEqualTo("26");
    assertThat(read("taskKey=s.a&attempt=1&stream=stderr").raw()).isEqualTo("warning\n");
  }

  @Test
  void aResentChunkIsAcknowledgedWithoutBeingStoredTwice() {
    append("stdout", 0, "one\n");
    Resp again = append("stdout", 0, "one\n");
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body().get("stored").asBoolean()).isFalse();
    assertThat(again.body().get("nextOffset").asLong()).isEqualTo(4);
    // A resend that grew (the worker read more output since) stores only its new part.
    Resp grown = append("stdout", 0, "one\ntwo\n");
    assertThat(grown.body().get("stored").asBoolean()).isTrue();
    assertThat(grown.body().get("nextOffset").asLong()).isEqualTo(8);

    assertThat(read("taskKey=s.a&attempt=1").raw()).isEqualTo("one\ntwo\n");
  }

  @Test
  void theFinishedAttemptIsCompleteAndTakesNoMoreChunks() {
    append("stdout", 0, "done\n");
    assertThat(worker.succeed(env).status()).isEqualTo(200);

    Resp r = read("taskKey=s.a&attempt=1");
    assertThat(r.raw()).isEqualTo("done\n");
    assertThat(complete(r)).isEqualTo("true");
    assertCallbackError(
        append("stdout", 5, "late\n"),
        409,
        "task_already_terminal",
        "Task is already in terminal state: SUCCEEDED");
    assertThat(read("taskKey=s.a&attempt=1").raw()).isEqualTo("done\n");
    // An attempt the finished run never had is complete and empty.
    Resp never = read("taskKey=s.a&attempt=2");
    assertThat(never.raw()).isEmpty();
    assertThat(complete(never)).isEqualTo("true");
  }

  @Test
  void aLaterAttemptOfARunningTaskIsNotCompleteBeforeItStarts() {
    Resp r = read("taskKey=s.a&attempt=2");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw()).isEmpty();
    assertThat(complete(r)).isEqualTo("false");
  }

  @Test
  void chunksNeedTheTaskTokenOfTheirAttempt() {
    Resp none =
        server.send(
            "POST",
            "/api/v1/tasks/" + env.get("taskId").asText() + "/logs/live",
            Json.string(chunk(1, "stdout", 0, "x")),
            Map.of("Content-Type", "application/json"));
    assertCallbackError(none, 401, "invalid_token", "missing bearer token");
    assertCallbackError(
        worker.callback(env, "logs/live", chunk(2, "stdout", 0, "x")),
        409,
        "attempt_mismatch",
        "Expected attempt 1, received 2");
    assertThat(read("taskKey=s.a&attempt=1").raw()).as("nothing stored").isEmpty();
  }

  @Test
  void badChunksAreClearBadRequestsAndStoreNothing() {
    assertCallbackError(append("stdlog", 0, "x"), 400, "invalid_argument", "Invalid stream: must be stdout or stderr");
    assertCallbackError(append("stdout", -1, "x"), 400, "invalid_argument", "Invalid offset: must be between 0 and 2097152");
    assertCallbackError(append("stdout", 0, ""), 400, "invalid_argument", "Invalid text: must not be empty");
    assertCallbackError(
        append("stdout", 0, "x".repeat(65_537)), 400, "invalid_argument", "Invalid text: a chunk holds at most 65536 bytes");
    assertCallbackError(
        worker.callback(env, "logs/live", chunk(0, "stdout", 0, "x")), 400, "invalid_argument", "Invalid attempt: must be >= 1");
    append("stdout", 0, "abc");
    assertCallbackError(
        append("stdout", 7, "gap"),
        400,
        "invalid_argument",
        "Invalid offset: the stream holds 3 bytes, so the next chunk starts at 3, not 7");
    Map<String, Object> noText = chunk(1, "stdout", 3, "x");
    noText.remove("text");
    Resp missing = worker.callback(env, "logs/live", noText);
    assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
    assertThat(missing.body().get("error").asText()).isEqualTo("invalid_argument");

    assertThat(read("taskKey=s.a&attempt=1").raw()).isEqualTo("abc");
  }

  @Test
  void anAttemptsLiveOutputIsBoundedLikeItsUploadedLogAndReadInPagesOfOneMebibyte() {
    String block = "y".repeat(65_536);
    for (int i = 0; i < 24; i++) {
      assertThat(append("stdout", (long) i * block.length(), block).status()).isEqualTo(200);
    }
    for (int i = 0; i < 8; i++) {
      assertThat(append("stderr", (long) i * block.length(), block).status()).isEqualTo(200);
    }
    assertCallbackError(
        append("stderr", 8L * block.length(), "z"),
        400,
        "invalid_argument",
        "Invalid text: an attempt's live output is limited to 2097152 bytes");

    Resp first = read("taskKey=s.a&attempt=1");
    assertThat(first.raw()).hasSize(1_048_576);
    assertThat(nextOffset(first)).isEqualTo("1048576");
    Resp second = read("taskKey=s.a&attempt=1&offset=1048576");
    assertThat(second.raw()).hasSize(524_288);
    assertThat(nextOffset(second)).isEqualTo("1572864");
  }

  @Test
  void badReadsAreClearBadRequests() {
    assertBadRequest(read("attempt=1"), "taskKey is required");
    assertBadRequest(read("taskKey=s.a"), "attempt is required");
    assertBadRequest(read("taskKey=s.a&attempt=x"), "invalid query parameter 'attempt'");
    assertBadRequest(read("taskKey=s.a&attempt=0"), "attempt must be >= 1");
    assertBadRequest(read("taskKey=S.A&attempt=1"), "invalid task_key");
    assertBadRequest(read("taskKey=s.a&attempt=1&stream=both"), "invalid query parameter 'stream'");
    assertBadRequest(read("taskKey=s.a&attempt=1&offset=-3"), "invalid query parameter 'offset'");
    assertBadRequest(read("taskKey=s.a&attempt=1&offset=5"), "offset 5 is beyond the end of the stream");
    assertError(read("taskKey=s.b&attempt=1"), 404, "NOT_FOUND", "task not found: s.b");
    assertError(
        server.get(server.ws() + "/runs/nope/logs/live?taskKey=s.a&attempt=1"),
        404,
        "NOT_FOUND",
        "run not found: nope");
  }

  @Test
  void readingNeedsAUserOfTheWorkspace() {
    Resp anonymous =
        server.send("GET", server.ws() + "/runs/" + runId + "/logs/live?taskKey=s.a&attempt=1", null, Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertError(
        server.get("/api/v1/workspaces/w2/runs/" + runId + "/logs/live?taskKey=s.a&attempt=1"),
        404,
        "NOT_FOUND",
        "workspace not found");
  }

  @Test
  void theContractLogRoutesDoNotSeeLiveChunks() {
    append("stdout", 0, "live only\n");
    assertError(server.get(server.ws() + "/runs/" + runId + "/logs"), 404, "NOT_FOUND", "logs not found");
    Resp up = worker.callback(env, "logs", Map.of("attempt", 1, "stdout", "final\n", "stderr", ""));
    assertThat(up.status()).as(up.raw()).isEqualTo(200);
    assertThat(server.get(server.ws() + "/runs/" + runId + "/logs").raw())
        .isEqualTo("--- logs/" + runId + "/s.a/attempt-1.log ---\n=== stdout ===\nfinal\n\n=== stderr ===\n\n");
  }
}
