package io.arco.api.settings;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.testing.Worker;
import io.arco.flow.model.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workspace settings and the run queue over HTTP (decisions §2.7, §6.6). */
class RunQueueHttpTest {
  private static final Scope WS = new Scope("t1", "w1");
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String settings() {
    return server.ws() + "/settings";
  }

  private Resp putSettings(Object body) {
    return server.put(settings(), body);
  }

  /** Events recorded in the workspace of {@link TestServer}'s tenancy headers. */
  private long recordedEvents() {
    return server.engine().read(WS, s -> (long) s.idempotencyKeyCount());
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Object> limit(String label, String value, Object limit) {
    Map<String, Object> l = new HashMap<>();
    l.put("label", label);
    if (value != null) {
      l.put("value", value);
    }
    l.put("limit", limit);
    return l;
  }

  private String triggerRun(Map<String, String> labels) {
    Map<String, Object> body = trigger("s.a");
    body.put("labels", labels);
    Resp r = server.post(server.ws() + "/runs", body);
    assertStatus(r, 201);
    return r.body().path("runId").asText();
  }

  private Resp run(String runId) {
    return server.get(server.ws() + "/runs/" + runId);
  }

  @Test
  void getAnswersTheDefaultsUntilAPut() {
    Resp r = server.get(settings());

    assertStatus(r, 200);
    assertThat(r.body()).isEqualTo(json("{\"labelLimits\":[]}"));
  }

  @Test
  void putReplacesTheWholeDocumentAndAnswersItInCanonicalOrder() {
    Resp put =
        putSettings(
            Map.of(
                "maxConcurrentRuns", 2,
                "labelLimits", List.of(limit("team", "growth", 1), limit("team", null, 3))));

    JsonNode expected =
        json(
            "{\"maxConcurrentRuns\":2,\"labelLimits\":[{\"label\":\"team\",\"limit\":3},"
                + "{\"label\":\"team\",\"value\":\"growth\",\"limit\":1}]}");
    assertStatus(put, 200);
    assertThat(put.body()).isEqualTo(expected);
    assertThat(server.get(settings()).body()).isEqualTo(expected);

    Map<String, Object> cleared = new HashMap<>();
    cleared.put("maxConcurrentRuns", null);
    cleared.put("labelLimits", List.of(limit("env", "prod", 4)));
    Resp replaced = putSettings(cleared);
    assertStatus(replaced, 200);
    assertThat(replaced.body())
        .isEqualTo(json("{\"labelLimits\":[{\"label\":\"env\",\"value\":\"prod\",\"limit\":4}]}"));
    assertThat(server.get(settings()).body()).isEqualTo(replaced.body());
  }

  @Test
  void theSameDocumentAgainOrARepeatedIdempotencyKeyWritesNothing() {
    Map<String, String> key = Map.of("Idempotency-Key", "req-1");
    assertStatus(server.put(settings(), Map.of("maxConcurrentRuns", 1), key), 200);
    long afterFirst = recordedEvents();

    assertStatus(putSettings(Map.of("maxConcurrentRuns", 1, "labelLimits", List.of())), 200);
    assertThat(recordedEvents()).isEqualTo(afterFirst);

    putSettings(Map.of("maxConcurrentRuns", 3));
    long before = recordedEvents();
    Resp replay = server.put(settings(), Map.of("maxConcurrentRuns", 1), key);
    assertStatus(replay, 200);
    assertThat(replay.body().path("maxConcurrentRuns").asInt()).isEqualTo(3);
    assertThat(recordedEvents()).isEqualTo(before);
  }

  @Test
  void badValuesAre400sNamingTheFieldAndWriteNothing() {
    assertBadRequest(putSettings(Map.of("maxConcurrentRuns", 0)), "maxConcurrentRuns must be >= 1");
    assertBadRequest(
        putSettings(Map.of("maxConcurrentRuns", 4_294_967_296L)),
        "maxConcurrentRuns must be <= 2147483647");
    assertBadRequest(
        putSettings(Map.of("labelLimits", List.of(limit("team", "growth", 0)))),
        "labelLimits[0].limit must be >= 1");
    assertBadRequest(
        putSettings(Map.of("labelLimits", List.of(limit("team", null, 1), limit("", null, 1)))),
        "labelLimits[1].label must not be empty");
    assertBadRequest(
        putSettings(
            Map.of("labelLimits", List.of(limit("team", "growth", 1), limit("team", "growth", 2)))),
        "labelLimits[1] repeats labelLimits[0] (label 'team', value 'growth')");
    assertThat(recordedEvents()).isZero();
    assertThat(server.get(settings()).body()).isEqualTo(json("{\"labelLimits\":[]}"));
  }

  @Test
  void wrongTypesAre422sNamingTheField() {
    assertInvalidField(putSettings(Map.of("maxConcurrentRuns", "2")), "maxConcurrentRuns", "expected an integer");
    assertInvalidField(putSettings(Map.of("maxConcurrentRuns", 1.5)), "maxConcurrentRuns", "expected an integer");
    assertInvalidField(
        putSettings(Map.of("labelLimits", Map.of("label", "team"))), "labelLimits", "expected an array of objects");
    assertInvalidField(putSettings(Map.of("labelLimits", List.of(1))), "labelLimits[0]", "expected an object");
    assertInvalidField(
        putSettings(Map.of("labelLimits", List.of(Map.of("limit", 1)))), "labelLimits[0].label", "missing field");
    assertInvalidField(
        putSettings(Map.of("labelLimits", List.of(Map.of("label", 7, "limit", 1)))),
        "labelLimits[0].label",
        "expected a string");
    assertInvalidField(
        putSettings(Map.of("labelLimits", List.of(limit("team", null, 1), Map.of("label", "team", "value", 1, "limit", 1)))),
        "labelLimits[1].value",
        "expected a string");
    assertInvalidField(
        putSettings(Map.of("labelLimits", List.of(Map.of("label", "team")))), "labelLimits[0].limit", "missing field");
    assertInvalidField(
        putSettings(Map.of("labelLimits", List.of(limit("team", null, "1")))), "labelLimits[0].limit", "expected an integer");
    assertInvalidField(putSettings("[]"), "$", "expected a JSON object");
    assertError(
        server.put("/api/v1/workspaces/other/settings", Map.of("maxConcurrentRuns", 1)),
        404,
        "NOT_FOUND",
        "workspace not found");
    assertThat(recordedEvents()).isZero();
  }

  @Test
  void aHeldRunShowsItsQueueReasonsUntilItsSlotFreesOnTheNextPoll() {
    assertStatus(server.post(server.ws() + "/manifests", manifest(asset("s.a"))), 201);
    assertStatus(
        putSettings(
            Map.of("maxConcurrentRuns", 1, "labelLimits", List.of(limit("team", "growth", 1)))),
        200);
    String first = triggerRun(Map.of("team", "growth"));
    String second = triggerRun(Map.of("team", "growth"));
    Worker worker = new Worker(server, "w-1");

    JsonNode leased = worker.pollOne();
    assertThat(leased.path("runId").asText()).isEqualTo(first);
    assertThat(worker.poll(10)).isEmpty();

    Resp held = run(second);
    assertStatus(held, 200);
    assertThat(held.body().path("state").asText()).isEqualTo("PENDING");
    assertThat(held.body().path("queueReasons"))
        .isEqualTo(
            json(
                "[{\"kind\":\"MAX_CONCURRENT_RUNS\",\"limit\":1,\"inProgress\":1},"
                    + "{\"kind\":\"LABEL_LIMIT\",\"label\":\"team\",\"value\":\"growth\",\"limit\":1,\"inProgress\":1}]"));
    Resp running = run(first);
    assertThat(running.body().path("state").asText()).isEqualTo("RUNNING");
    assertThat(running.body().has("queueReasons")).isFalse();
    Resp pending = server.get(server.ws() + "/runs?state=PENDING");
    assertThat(pending.body().path("runs").findValuesAsText("runId")).containsExactly(second);

    assertStatus(worker.started(leased), 200);
    assertStatus(worker.succeed(leased), 200);

    JsonNode next = worker.pollOne();
    assertThat(next.path("runId").asText()).isEqualTo(second);
    Resp released = run(second);
    assertThat(released.body().path("state").asText()).isEqualTo("RUNNING");
    assertThat(released.body().has("queueReasons")).isFalse();
  }
}
