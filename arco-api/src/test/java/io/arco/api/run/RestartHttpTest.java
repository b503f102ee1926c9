package io.arco.api.run;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.ServerConfig;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.store.SqliteEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server stopped mid-run on a SQLite directory hands the run over to the next one. */
class RestartHttpTest {
  @TempDir Path dir;

  private TestServer open(int snapshotEvery) {
    return open(SqliteEventStore.open(dir.resolve("arco.db")), snapshotEvery);
  }

  private static TestServer open(SqliteEventStore store, int snapshotEvery) {
    return TestServer.start(
        store,
        ServerConfig.defaults(),
        EngineOptions.defaults().withTickInterval(Duration.ZERO).withSnapshotEvery(snapshotEvery));
  }

  private static String state(TestServer s, String runId, String task) {
    for (JsonNode t : s.get(s.ws() + "/runs/" + runId).body().get("tasks")) {
      if (t.get("taskKey").asText().equals(task)) {
        return t.get("state").asText();
      }
    }
    throw new AssertionError(task);
  }

  @Test
  void aRunStartedBeforeACleanRestartFinishesAfterIt() {
    String runId;
    JsonNode b;
    try (TestServer first = open(1000)) {
      first.post(first.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a"), asset("s.c", "s.b")));
      Map<String, Object> t = trigger("s.c");
      t.put("includeUpstream", true);
      runId = first.post(first.ws() + "/runs", t).body().get("runId").asText();
      Worker w = new Worker(first, "w");
      JsonNode a = w.pollOne();
      w.started(a);
      w.succeed(a);
      b = w.pollOne();
      w.started(b);
    }

    try (TestServer second = open(1000)) {
      assertThat(second.get(second.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("RUNNING");
      assertThat(state(second, runId, "s.a")).isEqualTo("SUCCEEDED");
      assertThat(state(second, runId, "s.b")).isEqualTo("RUNNING");
      Worker w = new Worker(second, "w");
      assertThat(w.succeed(b).status()).as("the old lease's token still verifies: the secret is in the store").isEqualTo(200);
      assertThat(w.drainSucceeding()).containsExactly("s.c");
      assertThat(second.get(second.ws() + "/runs/" + runId).body().get("state").asText()).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void afterACrashTheLatestSnapshotPlusTheLogTailRestoreTheSameRunView() {
    SqliteEventStore crashedStore = SqliteEventStore.open(dir.resolve("arco.db"));
    TestServer crashed = open(crashedStore, 5);
    crashed.post(crashed.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a")));
    Map<String, Object> t = trigger("s.b");
    t.put("includeUpstream", true);
    String runId = crashed.post(crashed.ws() + "/runs", t).body().get("runId").asText();
    Worker w = new Worker(crashed, "w");
    JsonNode a = w.pollOne();
    w.started(a);
    // 5 events so far (run, plan, dispatch, ack, start): a snapshot was written; the failure and its
    // retry timer are the tail that only the log holds.
    w.fail(a, "USER_CODE", true);
    String before = crashed.get(crashed.ws() + "/runs/" + runId).raw();
    crashed.engine().awaitSnapshots();

    // No clean shutdown: the store goes away under the first server, as with a killed process
    // (whose lock the OS releases), without a final snapshot; a second server opens the file.
    crashedStore.close();
    try (TestServer recovered = open(5)) {
      assertThat(recovered.get(recovered.ws() + "/runs/" + runId).raw()).isEqualTo(before);
      recovered.advance(Duration.ofSeconds(30));
      JsonNode retry = new Worker(recovered, "w2").pollOne();
      assertThat(retry.get("attempt").asInt()).isEqualTo(2);
    } finally {
      crashed.close();
    }
  }
}
