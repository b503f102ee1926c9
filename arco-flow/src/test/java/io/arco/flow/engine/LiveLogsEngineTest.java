package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.testing.EngineFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live logs keep one unbroken stream per attempt however chunks arrive: resent, regrown, in
 * parallel, or through two engines on one store (two nodes), every byte is stored once in order.
 */
class LiveLogsEngineTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private final EngineFixture f = new EngineFixture(T0);

  @AfterEach
  void close() {
    f.close();
  }

  private LeasedTask aRunningAttempt() {
    f.deploy(EngineFixture.manifest("s.a"));
    f.engine.triggerRun(
        EngineFixture.WS,
        new TriggerRequest(List.of("s.a"), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
        "tester");
    LeasedTask t = f.lease(1).get(0);
    f.engine.taskStarted(
        new TaskCallbacks.Started(EngineFixture.claims(t).taskId(), EngineFixture.claims(t), t.attempt(), t.attemptId(), "w"));
    return t;
  }

  private static LiveLogAck append(Engine engine, LeasedTask t, long offset, String text) {
    TaskTokenClaims c = EngineFixture.claims(t);
    return engine.taskLiveLog(new TaskCallbacks.LiveLog(c.taskId(), c, t.attempt(), LogStream.STDOUT, offset, text));
  }

  private String read(LeasedTask t) {
    return f.engine.readLiveLog(EngineFixture.WS, t.runId(), "s.a", t.attempt(), LogStream.STDOUT, 0).text();
  }

  /** Lines "line 0\n" … as chunks, with the byte offset each starts at. */
  private static List<Map.Entry<Long, String>> chunks(int n) {
    List<Map.Entry<Long, String>> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < n; i++) {
      String text = "line " + i + " é\n";
      out.add(Map.entry(offset, text));
      offset += text.getBytes(StandardCharsets.UTF_8).length;
    }
    return out;
  }

  @Test
  void chunksResentByParallelSendersAreStoredOnceInOrder() throws Exception {
    LeasedTask t = aRunningAttempt();
    List<Map.Entry<Long, String>> chunks = chunks(40);
    String whole = chunks.stream().map(Map.Entry::getValue).reduce("", String::concat);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        int step = s % 2 == 0 ? 1 : 2; // odd senders resend two chunks at once
        senders.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < chunks.size(); i += step) {
                    String text = chunks.get(i).getValue() + (step == 2 && i + 1 < chunks.size() ? chunks.get(i + 1).getValue() : "");
                    append(f.engine, t, chunks.get(i).getKey(), text);
                  }
                  return null;
                }));
      }
      for (Future<?> sender : senders) {
        sender.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(read(t)).isEqualTo(whole);
  }

  @Test
  void twoEnginesOnOneStoreContinueOneStreamWhereverItEnds() {
    LeasedTask t = aRunningAttempt();
    // Closing an engine closes its store: the second one stays open until the reads are done.
    try (EngineFixture other = new EngineFixture(f.store, T0)) {
      assertThat(append(f.engine, t, 0, "one\n").nextOffset()).isEqualTo(4);
      assertThat(append(other.engine, t, 4, "two\n").nextOffset()).isEqualTo(8);
      // The first engine last saw the stream end at 4; it finds the chunk the other stored.
      assertThat(append(f.engine, t, 8, "three\n").nextOffset()).isEqualTo(14);
      LiveLogAck resent = append(f.engine, t, 4, "two\n");
      assertThat(resent.stored()).isFalse();
      assertThat(resent.nextOffset()).isEqualTo(14);
      // A resend that grew stores only its new part.
      assertThat(append(other.engine, t, 8, "three\nfour\n").nextOffset()).isEqualTo(19);
      assertThatThrownBy(() -> append(other.engine, t, 25, "gap\n"))
          .isInstanceOf(FlowException.class)
          .hasMessage("Invalid offset: the stream holds 19 bytes, so the next chunk starts at 19, not 25");
      assertThat(read(t)).isEqualTo("one\ntwo\nthree\nfour\n");
    }
  }
}
