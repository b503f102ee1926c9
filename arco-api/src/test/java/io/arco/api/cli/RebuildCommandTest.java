package io.arco.api.cli;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import io.arco.flow.store.SqliteEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RebuildCommandTest {
  @TempDir Path dir;

  @Test
  void rebuildFoldsTheWholeLogSaysHowManyEventsAndTheRunsAnswerAsBefore() throws Exception {
    String runId;
    JsonNode before;
    JsonNode listBefore;
    try (TestServer s = TestServer.start(SqliteEventStore.open(dir.resolve("arco.db")))) {
      s.post(s.ws() + "/manifests", manifest(asset("r.a"), asset("r.b", "r.a")));
      runId = s.post(s.ws() + "/runs", trigger("r.b")).body().get("runId").asText();
      s.post(s.ws() + "/runs", trigger("r.a"));
      Worker w = new Worker(s, "w");
      for (int i = 0; i < 3; i++) {
        for (JsonNode env : w.poll(10)) {
          w.started(env);
          w.succeed(env);
        }
      }
      before = s.get(s.ws() + "/runs/" + runId).body();
      listBefore = s.get(s.ws() + "/runs").body();
      assertThat(before.get("state").asText()).isEqualTo("SUCCEEDED");
    }

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = new CommandLine(new RebuildCommand()).execute("--data-dir", dir.toString());
    } finally {
      System.setOut(saved);
    }
    String out = buf.toString(StandardCharsets.UTF_8);

    assertThat(code).isZero();
    assertThat(out)
        .containsPattern("rebuilt t1/w1: \\d+ events folded in [0-9.]+ s \\(\\d+ events/s\\);"
            + " finished runs in history: 2, live runs: 0; snapshot at \\d+")
        .contains("rebuilt 1 workspaces");
    try (TestServer s = TestServer.start(SqliteEventStore.open(dir.resolve("arco.db")))) {
      assertThat(s.get(s.ws() + "/runs/" + runId).body()).isEqualTo(before);
      assertThat(s.get(s.ws() + "/runs").body()).isEqualTo(listBefore);
    }
  }

  @Test
  void aMissingStoreIsAnErrorNotAnEmptyRebuild() {
    int code =
        new CommandLine(new RebuildCommand()).execute("--data-dir", dir.resolve("nothing").toString());
    assertThat(code).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("nothing").resolve("arco.db"))).isFalse();
  }

  @Test
  void aStoreHeldByARunningServerIsRefusedAndLeftAlone() throws Exception {
    try (SqliteEventStore held = SqliteEventStore.open(dir.resolve("arco.db"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      int code;
      try {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        code = new CommandLine(new RebuildCommand()).execute("--data-dir", dir.toString());
      } finally {
        System.setErr(saved);
      }
      assertThat(code).isEqualTo(1);
      assertThat(held.head(new io.arco.flow.model.Scope("t1", "w1"))).isZero();
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("error: store in use by another process (pid " + ProcessHandle.current().pid() + ")");
    }
  }
}
