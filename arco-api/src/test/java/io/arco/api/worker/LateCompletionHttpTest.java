package io.arco.api.worker;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /completed} for an attempt that already has a terminal result answers 409 {@code
 * attempt_already_completed} and changes nothing; exactly the applied completion, redelivered,
 * still answers 200 (decisions §7.1).
 */
class LateCompletionHttpTest {
  private final TestServer server = TestServer.start();
  private final Worker worker = new Worker(server, "w-1");

  @AfterEach
  void stop() {
    server.close();
  }

  /** Deploys {@code keys} with a 30 s heartbeat timeout and triggers one run of them. */
  private String runOf(String... keys) {
    List<Map<String, Object>> assets = new ArrayList<>();
    for (String key : keys) {
      assets.add(with(asset(key), "execution", Map.of("heartbeatTimeoutSeconds", 30)));
    }
    return server.deployAndTrigger(assets, keys);
  }


  private JsonNode task(String runId, String key) {
    for (JsonNode t : server.get(server.ws() + "/runs/" + runId).body().get("tasks")) {
      if (t.get("taskKey").asText().equals(key)) {
        return t;
      }
    }
    throw new AssertionError("no task " + key);
  }

  private static void assertAttemptAlreadyCompleted(TestServer.Resp r, int attempt, String state) {
    assertThat(r.status()).as(r.raw()).isEqualTo(409);
    assertThat(r.body().get("error").asText()).isEqualTo("attempt_already_completed");
    assertThat(r.body().get("message").asText())
        .isEqualTo("Attempt " + attempt + " already reported a terminal result; task state is " + state);
    assertThat(r.body().get("state").asText()).isEqualTo(state);
    assertThat(r.body().get("expectedAttempt").asInt()).isEqualTo(attempt);
    assertThat(r.body().get("receivedAttempt").asInt()).isEqualTo(attempt);
  }

  @Test
  void lateCompletionAfterHeartbeatTimeoutIsRefusedWith409() {
    String runId = runOf("s.a");
    JsonNode env = worker.pollOne();
    assertThat(worker.started(env).status()).isEqualTo(200);
    server.advance(Duration.ofSeconds(66));
    JsonNode before = task(runId, "s.a");

    TestServer.Resp late = worker.succeed(env);

    assertAttemptAlreadyCompleted(late, 1, "RETRY_WAIT");
    assertThat(task(runId, "s.a")).as("nothing was applied").isEqualTo(before);
    assertThat(before.get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void lateCompletionAfterTheRetryWasLeasedIsRefusedWith409() {
    String runId = runOf("s.a");
    JsonNode first = worker.pollOne();
    worker.started(first);
    server.advance(Duration.ofSeconds(66));
    server.advance(Duration.ofSeconds(300));
    JsonNode second = worker.pollOne();
    assertThat(second.get("attempt").asInt()).isEqualTo(2);

    assertAttemptAlreadyCompleted(worker.succeed(first), 1, "DISPATCHED");
    assertThat(worker.succeed(second).status()).isEqualTo(200);
    assertThat(task(runId, "s.a").get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aSuccessAfterTheAttemptReportedAFailureIsRefusedWith409() {
    String runId = runOf("s.a");
    JsonNode env = worker.pollOne();
    worker.started(env);
    assertThat(worker.fail(env, "USER_CODE", true).status()).isEqualTo(200);

    assertAttemptAlreadyCompleted(worker.succeed(env), 1, "RETRY_WAIT");
    assertThat(task(runId, "s.a").get("attempt").asInt()).isEqualTo(1);
  }

  @Test
  void redeliveringTheAppliedCompletionStillAnswers200() {
    runOf("s.a");
    JsonNode env = worker.pollOne();
    worker.started(env);
    worker.fail(env, "USER_CODE", true);

    TestServer.Resp again = worker.fail(env, "USER_CODE", true);

    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.body().get("acknowledged").asBoolean()).isTrue();
    assertThat(again.body().get("finalState").asText()).isEqualTo("FAILED");
  }

  @Test
  void ofRacingConflictingCompletionsExactlyOneIsAcknowledged() throws Exception {
    String[] keys = new String[10];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "s.t" + i;
    }
    String runId = runOf(keys);
    List<JsonNode> envs = worker.poll(keys.length);
    assertThat(envs).hasSize(keys.length);
    envs.forEach(worker::started);
    record Answer(String taskKey, String sent, TestServer.Resp resp) {}
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Answer>> futures = new ArrayList<>();
      for (JsonNode env : envs) {
        for (String outcome : List.of("FAILED", "SUCCEEDED")) {
          futures.add(
              pool.submit(
                  () -> {
                    go.await();
                    TestServer.Resp r =
                        outcome.equals("FAILED") ? worker.fail(env, "USER_CODE", true) : worker.succeed(env);
                    return new Answer(env.get("taskKey").asText(), outcome, r);
                  }));
        }
      }
      go.countDown();
      List<Answer> answers = new ArrayList<>();
      for (Future<Answer> f : futures) {
        answers.add(f.get());
      }
      for (String key : keys) {
        List<Answer> mine = answers.stream().filter(a -> a.taskKey().equals(key)).toList();
        List<Answer> ok = mine.stream().filter(a -> a.resp().status() == 200).toList();
        assertThat(ok).as(key + ": " + mine).hasSize(1);
        Answer refused = mine.stream().filter(a -> a.resp().status() != 200).findFirst().orElseThrow();
        assertThat(refused.resp().status()).as(refused.resp().raw()).isEqualTo(409);
        String applied = ok.get(0).sent();
        assertThat(refused.resp().body().get("error").asText())
            .isEqualTo(applied.equals("SUCCEEDED") ? "task_already_terminal" : "attempt_already_completed");
        assertThat(ok.get(0).resp().body().get("finalState").asText()).isEqualTo(applied);
        assertThat(task(runId, key).get("attempt").asInt()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
