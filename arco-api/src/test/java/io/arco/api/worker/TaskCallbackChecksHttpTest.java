package io.arco.api.worker;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.model.Ids;
import io.arco.flow.model.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every check of the task router in the contract's order (decisions §6.2, flow-model part 2 §6):
 * router stage (bearer, signature, task id), then attempt 0, lookup, token scope, terminal, retry
 * wait, attempt, attempt id, cancel.
 */
class TaskCallbackChecksHttpTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");
  private String runId;
  private JsonNode env;

  @BeforeEach
  void aLeasedTask() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a")));
    runId = server.post(server.ws() + "/runs", trigger("s.a")).body().get("runId").asText();
    env = worker.pollOne();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Resp post(String path, Object body, String bearer) {
    return server.send(
        "POST",
        path,
        io.arco.api.http.Json.string(body),
        bearer == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer));
  }

  private String path(String kind) {
    return "/api/v1/tasks/" + env.get("taskId").asText() + "/" + kind;
  }

  private static void assertCallbackError(TestServer.Resp r, int status, String error, String message) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.body().get("error").asText()).isEqualTo(error);
    assertThat(r.body().get("message").asText()).isEqualTo(message);
    assertThat(r.body().get("requestId").asText()).isNotBlank();
    assertThat(r.body().has("code")).as("callback envelope, not the standard one").isFalse();
  }

  @Test
  void aMissingBearerTokenIsRejectedFirst() {
    assertCallbackError(post(path("started"), Map.of("attempt", 0), null), 401, "invalid_token", "missing bearer token");
  }

  @Test
  void aTokenThatDoesNotVerifyIsRejected() {
    TestServer.Resp r = post(path("started"), Worker.attemptBody(env), "not-a-jwt");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().get("error").asText()).isEqualTo("invalid_token");
    assertThat(r.body().get("message").asText()).startsWith("invalid token: ");
  }

  @Test
  void aTokenForAnotherTaskIsATaskIdMismatch() {
    String other = "/api/v1/tasks/" + Ids.callbackTaskId(runId, "s.other") + "/started";
    assertCallbackError(
        post(other, Worker.attemptBody(env), env.get("taskToken").asText()),
        401,
        "invalid_token",
        "task_id_mismatch");
  }

  @Test
  void attemptZeroIsAnInvalidArgumentBeforeTheLookup() {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("attempt", 0);
    assertCallbackError(
        worker.callback(env, "started", body), 400, "invalid_argument", "Invalid attempt: must be >= 1");
  }

  @Test
  void anUnknownTaskIsNotFound() {
    TaskTokens tokens = new TaskTokens(server.engine().secret("task-token"), server.engine()::now, Duration.ofHours(1));
    String ghost = Ids.callbackTaskId(runId, "s.ghost");
    String token =
        tokens.issue(
                new LeasedTask(
                    new Scope("t1", "w1"), runId, "s.ghost", 1, "att_x", "d", "default-queue",
                    Optional.empty(), Optional.empty(), 300, Optional.empty(), Optional.empty()))
            .token();
    assertCallbackError(
        post("/api/v1/tasks/" + ghost + "/started", Worker.attemptBody(env), token),
        404,
        "task_not_found",
        "Task not found: " + ghost);
  }

  @Test
  void anAttemptMismatchInTheBodyIsAConflictWithBothAttempts() {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("attempt", 2);
    TestServer.Resp r = worker.callback(env, "started", body);
    assertCallbackError(r, 409, "attempt_mismatch", "Expected attempt 1, received 2");
    assertThat(r.body().get("expectedAttempt").asInt()).isEqualTo(1);
    assertThat(r.body().get("receivedAttempt").asInt()).isEqualTo(2);
  }

  @Test
  void anAttemptIdMismatchIsAConflictWithBothIds() {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("attemptId", "att_wrong");
    TestServer.Resp r = worker.callback(env, "heartbeat", body);
    assertCallbackError(
        r, 409, "attempt_id_mismatch", "Expected attempt_id " + env.get("attemptId").asText() + ", received att_wrong");
    assertThat(r.body().get("receivedAttemptId").asText()).isEqualTo("att_wrong");
  }

  @Test
  void progressAboveOneHundredIsAnInvalidArgument() {
    Map<String, Object> body = Worker.attemptBody(env);
    body.put("progressPct", 101);
    assertCallbackError(
        worker.callback(env, "heartbeat", body),
        400,
        "invalid_argument",
        "Invalid progressPct: must be between 0 and 100");
  }

  @Test
  void aMissingFieldIs422InTheCallbackEnvelope() {
    TestServer.Resp r = worker.callback(env, "completed", Worker.attemptBody(env));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("error").asText()).isEqualTo("invalid_argument");
    assertThat(r.body().get("message").asText()).isEqualTo("invalid field 'outcome': missing field");
  }

  @Test
  void callbacksOnAFinishedTaskAreTerminalOrExpired() {
    worker.started(env);
    worker.succeed(env);

    TestServer.Resp again = worker.succeed(env);
    assertCallbackError(again, 409, "task_already_terminal", "Task is already in terminal state: SUCCEEDED");
    assertThat(again.body().get("state").asText()).isEqualTo("SUCCEEDED");
    TestServer.Resp beat = worker.heartbeat(env);
    assertCallbackError(beat, 410, "task_expired", "Task is no longer active");
    assertThat(beat.body().get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aStaleAttemptsTokenIsRejectedAtTheTokenCheckAfterTheRetryWasLeased() {
    worker.started(env);
    worker.fail(env, "USER_CODE", true);
    server.advance(Duration.ofSeconds(30));
    worker.pollOne();

    assertCallbackError(worker.heartbeat(env), 401, "invalid_token", "attempt_mismatch");
  }

  @Test
  void aRedeliveredStartOfACompletedAttemptIsRefusedDurably() {
    worker.started(env);
    worker.fail(env, "USER_CODE", true);

    TestServer.Resp r = worker.started(env);

    assertCallbackError(
        r, 409, "attempt_already_completed", "Attempt 1 already reported a terminal result; task state is RETRY_WAIT");
    assertThat(r.body().get("state").asText()).isEqualTo("RETRY_WAIT");
  }

  @Test
  void aDuplicateStartIsAcknowledgedAndChangesNothing() {
    assertThat(worker.started(env).status()).isEqualTo(200);
    assertThat(worker.started(env).status()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAndWrongMethodsOnTheTaskRouterAnswerTheCallbackEnvelope() {
    assertCallbackError(
        server.post("/api/v1/tasks/" + env.get("taskId").asText() + "/bogus", Map.of(), Worker.auth(env)),
        404,
        "not_found",
        "route not found");
    assertCallbackError(server.get(path("completed")), 405, "method_not_allowed", "method not allowed");
    // Outside the task router the standard envelope stays.
    TestServer.Resp other = server.get("/api/v1/nope");
    assertThat(other.code()).isEqualTo("NOT_FOUND");
  }
}
