package io.arco.flow.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.engine.LeasedTask;
import io.arco.flow.fold.EdgeRow;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.testing.EngineFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  /** A layered barrier DAG: every asset of layer n depends on every asset of layer n-1. */
  private static String[] barrier(int layers, int width) {
    List<String> specs = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int a = 0; a < width; a++) {
        StringBuilder s = new StringBuilder("b.l" + l + "_a" + a);
        if (l > 0) {
          s.append("<-");
          for (int u = 0; u < width; u++) {
            s.append(u == 0 ? "" : ",").append("b.l").append(l - 1).append("_a").append(u);
          }
        }
        specs.add(s.toString());
      }
    }
    return specs.toArray(String[]::new);
  }

  /** Runs every asset of the manifest once, failing {@code failing}; answers the finished run. */
  private static FinishedRun finishedRun(String failing, String... assets) {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(EngineFixture.manifest(assets));
      List<String> all = new ArrayList<>();
      for (String a : assets) {
        all.add(a.split("<-")[0]);
      }
      f.engine.triggerRun(
          EngineFixture.WS,
          new TriggerRequest(all, false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
          "t");
      for (int round = 0; round < 20; round++) {
        List<LeasedTask> leased = f.lease(100);
        for (LeasedTask t : leased) {
          if (t.taskKey().equals(failing)) {
            f.complete(
                t,
                TaskOutcome.FAILED,
                Optional.empty(),
                Optional.of(new TaskError(ErrorCategory.CONFIGURATION, "boom", Optional.empty(), Optional.of(false))));
          } else {
            f.succeed(t);
          }
        }
      }
      List<FinishedRun> runs = f.store.finishedRunsByEnd(EngineFixture.WS, 0, 10);
      assertThat(runs).hasSize(1);
      return runs.get(0);
    }
  }

  @Test
  void aFinishedRunDecodesToExactlyTheRunThatWasEncoded() {
    FinishedRun run = finishedRun("b.l1_a1", barrier(4, 3));
    assertThat(run.edges()).hasSize(27);
    assertThat(run.edges()).extracting(EdgeRow::resolution).map(Optional::orElseThrow).map(Enum::name)
        .contains("SUCCESS", "FAILED");

    FinishedRun decoded = HistoryCodec.decodeRun(HistoryCodec.encode(run));

    assertThat(decoded).isEqualTo(run);
    assertThat(HistoryCodec.encode(decoded)).isEqualTo(HistoryCodec.encode(run));
  }

  @Test
  void edgesThatShareTheirResolutionAreStoredOnceWithTheirDownstreamTasksAsRanges() {
    FinishedRun run = finishedRun("none", barrier(6, 20));
    assertThat(run.edges()).hasSize(5 * 20 * 20);
    int grouped = HistoryCodec.encode(run).length;
    int perEdge = CodecMapper.mapper().valueToTree(run).toString().getBytes(StandardCharsets.UTF_8).length;

    assertThat(new String(HistoryCodec.encode(run), StandardCharsets.UTF_8))
        .contains("\"edgeGroups\"")
        .doesNotContain("\"downstream_task_key\"");
    assertThat(grouped).as("grouped vs one object per edge").isLessThan(perEdge / 3);
  }

  @Test
  void aRunStoredWithOneObjectPerEdgeStillDecodes() throws Exception {
    FinishedRun run = finishedRun("b.l0_a0", barrier(3, 2));
    byte[] older = CodecMapper.mapper().writeValueAsBytes(run);
    assertThat(new String(older, StandardCharsets.UTF_8)).contains("\"downstream_task_key\"");

    assertThat(HistoryCodec.decodeRun(older)).isEqualTo(run);
  }

  @Test
  void anEdgeGroupNamingATaskOutsideTheRunIsRefused() {
    FinishedRun run = finishedRun("none", barrier(2, 2));
    String json = new String(HistoryCodec.encode(run), StandardCharsets.UTF_8);
    String broken = json.replaceFirst("\"downstream\":\\[\\d+,", "\"downstream\":[99,");

    assertThatThrownBy(() -> HistoryCodec.decodeRun(broken.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("names no task");
  }
}
