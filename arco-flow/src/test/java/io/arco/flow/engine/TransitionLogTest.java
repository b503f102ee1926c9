package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.testing.FoldHarness;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import static io.arco.flow.testing.Events.*;

class TransitionLogTest {
  @Test
  void everyRunAndTaskTransitionIsPrintedOnceAfterItsCommit() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransitionLog log = new TransitionLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Scope ws = new Scope("t1", "w1");
    try (Engine engine =
        Engine.open(
            new InMemoryEventStore(),
            new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
            EngineOptions.defaults().withTickInterval(Duration.ZERO).withListener(log))) {
      ObjectNode m = new ObjectMapper().createObjectNode().put("manifestVersion", "v").put("codeVersionId", "c");
      ObjectNode a = m.putArray("assets").addObject();
      a.putObject("key").put("namespace", "s").put("name", "a");
      a.put("id", "a");
      engine.deployManifest(ws, m, Optional.empty(), "t");
      String runId = engine.triggerRun(ws, TriggerRequest.of(List.of("s.a")), "t").runId();
      engine.lease(ws, new LeaseRequest("w-9", List.of("default-queue"), 1, 0));

      String out = bytes.toString(StandardCharsets.UTF_8);
      assertThat(out.lines())
          .containsExactly(
              "run " + runId + " task s.a: NEW -> READY",
              "run " + runId + ": NEW -> RUNNING",
              "run " + runId + " task s.a: READY -> DISPATCHED (attempt 1, worker w-9)");
    }
  }

  @Test
  void aRunWhosePlanArrivesInALaterBatchHasEachTaskTransitionPrintedOnceAsItsRowsChange() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransitionLog log = new TransitionLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    FoldHarness h = new FoldHarness();
    h.state().trackTaskChanges();
    List<List<io.arco.flow.event.Event>> batches =
        List.of(
            List.of(runTriggered("r1")),
            List.of(plan("r1", task("a.x"), task("a.y", "a.x"), task("a.z", "a.x"))),
            List.of(dispatch("r1", "a.x", 1)),
            List.of(started("r1", "a.x", 1), succeeded("r1", "a.x", 1)),
            List.of(dispatch("r1", "a.z", 1)));
    for (List<io.arco.flow.event.Event> batch : batches) {
      int before = h.log().size();
      batch.forEach(h::apply);
      List<EventEnvelope> applied = new ArrayList<>(h.log().subList(before, h.log().size()));
      log.committed(FoldHarness.SCOPE, applied, h.state().drainTaskChanges(), new TransitionListener.Reader() {
        @Override
        public <R> R read(java.util.function.Function<io.arco.flow.fold.FoldState, R> f) {
          return f.apply(h.state());
        }
      });
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" task ")))
        .containsExactly(
            "run r1 task a.x: NEW -> READY",
            "run r1 task a.y: NEW -> BLOCKED",
            "run r1 task a.z: NEW -> BLOCKED",
            "run r1 task a.x: READY -> DISPATCHED (attempt 1)",
            "run r1 task a.x: DISPATCHED -> SUCCEEDED (attempt 1)",
            "run r1 task a.y: BLOCKED -> READY",
            "run r1 task a.z: BLOCKED -> READY",
            "run r1 task a.z: READY -> DISPATCHED (attempt 1)");
  }
}
