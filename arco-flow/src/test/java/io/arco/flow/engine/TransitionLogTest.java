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
import org.junit.jupiter.api.Test;

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
}
