package io.arco.api.run;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.store.PostgresEventStore;
import io.arco.flow.testing.TestPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server on a PostgreSQL store: what it answered before a restart it answers after. */
@Tag("postgres")
class PostgresRestartHttpTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static TestServer open(String url, int snapshotEvery) {
    return TestServer.start(
        PostgresEventStore.open(url),
        ServerConfig.defaults(),
        EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(snapshotEvery));
  }

  private static String runState(TestServer s, String runId) {
    return s.get(s.ws() + "/runs/" + runId).body().get("state").asText();
  }

  @Test
  void aRunDrivenToSuccessIsStillSucceededAfterARestartAndTheNextRunContinuesTheLog() {
    String url = PG.newDatabase();
    String runId;
    String runView;
    String logs;
    try (TestServer first = open(url, 1000)) {
      first.post(first.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a")));
      Map<String, Object> t = trigger("s.b");
      t.put("includeUpstream", true);
      runId = first.post(first.ws() + "/runs", t).body().get("runId").asText();
      Worker w = new Worker(first, "w");
      JsonNode a = w.pollOne();
      w.started(a);
      assertThat(w.callback(a, "logs", Map.of("attempt", 1, "stdout", "hello")).status())
          .isEqualTo(200);
      w.succeed(a);
      assertThat(w.drainSucceeding()).containsExactly("s.b");
      assertThat(runState(first, runId)).isEqualTo("SUCCEEDED");
      runView = first.get(first.ws() + "/runs/" + runId).raw();
      logs = first.get(first.ws() + "/runs/" + runId + "/logs").raw();
    }

    try (TestServer second = open(url, 1000)) {
      assertThat(runState(second, runId)).isEqualTo("SUCCEEDED");
      assertThat(second.get(second.ws() + "/runs/" + runId).raw()).isEqualTo(runView);
      assertThat(second.get(second.ws() + "/runs/" + runId + "/logs").raw())
          .contains("hello")
          .isEqualTo(logs);
      String next = second.post(second.ws() + "/runs", trigger("s.a")).body().get("runId").asText();
      assertThat(new Worker(second, "w").drainSucceeding()).containsExactly("s.a");
      assertThat(runState(second, next)).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void afterACrashTheLatestSnapshotPlusTheLogTailRestoreTheSameRunView() {
    String url = PG.newDatabase();
    TestServer crashed = open(url, 5);
    crashed.post(crashed.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a")));
    Map<String, Object> t = trigger("s.b");
    t.put("includeUpstream", true);
    String runId = crashed.post(crashed.ws() + "/runs", t).body().get("runId").asText();
    Worker w = new Worker(crashed, "w");
    JsonNode a = w.pollOne();
    w.started(a);
    // A snapshot was written after 5 events; the failure and its retry timer are the log's tail.
    w.fail(a, "USER_CODE", true);
    String before = crashed.get(crashed.ws() + "/runs/" + runId).raw();

    // No clean shutdown: a second server opens the same database while the first is still up.
    try (TestServer recovered = open(url, 5)) {
      assertThat(recovered.get(recovered.ws() + "/runs/" + runId).raw()).isEqualTo(before);
      recovered.advance(Duration.ofSeconds(30));
      JsonNode retry = new Worker(recovered, "w2").pollOne();
      assertThat(retry.get("attempt").asInt()).isEqualTo(2);
    } finally {
      crashed.close();
    }
  }
}
