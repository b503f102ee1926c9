package io.arco.flow.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.BackfillEngineTestSupport;
import io.arco.flow.engine.BackfillRequest;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedSensorEvaluation;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.PushEvaluation;
import io.arco.flow.engine.SensorCompletion;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.engine.WorkspaceSettingsRequest;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.codec.EventCodec;
import io.arco.flow.store.codec.HistoryCodec;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.EngineFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden replay logs (decisions §3: the log is the truth and is never rewritten): versioned event
 * logs under {@code src/test/resources/golden/}, each {@code NAME.events.jsonl} (one stored event
 * per line, as the store's event codec writes it) with the projection it must fold to, {@code
 * NAME.projection.json} (the fold snapshot and every history row, pretty-printed). Folding a log
 * from empty, as a replay does, must apply every event (an unknown event type is skipped) and give
 * the recorded projection byte for byte, so a change to the codec or the fold that breaks old logs
 * fails the build.
 *
 * <p>Regenerating is deliberate and never done by CI: {@code mvn -pl arco-flow test
 * -Dtest=GoldenLogTest -Darco.golden.update=true} records every log of {@link #RECORDERS} that has
 * no events file yet (an existing events file is never rewritten: it is an old log) and rewrites
 * every projection file from its events, then fails so that the run is never mistaken for a pass;
 * review the diff and commit it. It refuses to run where the {@code CI} environment variable is set.
 * {@code src/test/resources/golden/README.md} says the same.
 */
class GoldenLogTest {
  static final String UPDATE_PROPERTY = "arco.golden.update";
  static final Path DIR = Path.of("src/test/resources/golden");
  private static final String EVENTS = ".events.jsonl";
  private static final String PROJECTION = ".projection.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How each golden log was recorded. Recording runs only for a log without an events file; the
   * automation run ids in every log use the empty workspace secret, as {@code new FoldState()}.
   */
  static final Map<String, Supplier<List<EventEnvelope>>> RECORDERS = recorders();

  private static Map<String, Supplier<List<EventEnvelope>>> recorders() {
    Map<String, Supplier<List<EventEnvelope>>> r = new LinkedHashMap<>();
    r.put("2026-12-06-engine-tour", GoldenLogTest::engineTour);
    r.put("2026-12-06-every-event-type", GoldenLogTest::everyEventType);
    return r;
  }

  @Test
  void everyGoldenLogFoldsToItsRecordedProjection() throws IOException {
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      regenerate();
    }
    List<String> names = names();
    assertThat(names).as("golden logs in " + DIR).containsAll(RECORDERS.keySet());
    List<String> mismatches = new ArrayList<>();
    for (String name : names) {
      Path projection = DIR.resolve(name + PROJECTION);
      assertThat(projection).as("the recorded projection of " + name).exists();
      String expected = Files.readString(projection, StandardCharsets.UTF_8);
      String actual = project(name, read(name));
      if (!actual.equals(expected)) {
        mismatches.add(name + PROJECTION + " " + firstDifference(expected, actual));
      }
    }
    assertThat(mismatches)
        .as(
            "golden logs whose fold no longer gives the recorded projection; if the change is"
                + " deliberate, regenerate with -D" + UPDATE_PROPERTY + "=true and review the diff")
        .isEmpty();
  }

  @Test
  void theGoldenLogsHoldEveryEventType() throws IOException {
    Set<Class<?>> seen = new HashSet<>();
    for (String name : names()) {
      read(name).forEach(e -> seen.add(e.data().getClass()));
    }
    assertThat(seen)
        .as("event types in the golden logs: a new type needs a golden log that holds it")
        .containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
  }

  /** The names of the golden logs on disk, sorted. */
  private static List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(EVENTS))
          .map(f -> f.substring(0, f.length() - EVENTS.length()))
          .sorted()
          .toList();
    }
  }

  private static List<EventEnvelope> read(String name) throws IOException {
    List<EventEnvelope> out = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve(name + EVENTS), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(EventCodec.decode(line));
      }
    }
    return out;
  }

  /**
   * Folds a log from empty as a replay does (each event at its log position) and renders the
   * snapshot and the history rows that left memory.
   *
   * @throws AssertionError naming the line of an event that no longer applies
   */
  static String project(String name, List<EventEnvelope> log) {
    FoldState s = new FoldState();
    s.replaying(true);
    for (int i = 0; i < log.size(); i++) {
      EventEnvelope e = log.get(i);
      s.position(i + 1L);
      boolean applied = Fold.apply(s, e);
      if (!applied && !(e.data() instanceof UnknownEvent)) {
        throw new AssertionError(
            name + EVENTS + " line " + (i + 1) + ": stored event " + e.eventId() + " ("
                + e.eventType() + ") no longer applies");
      }
    }
    HistoryRows history = s.evictedSinceDrain();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode rows = root.putObject("history");
    ArrayNode runs = rows.putArray("runs");
    history.runs().forEach(r -> runs.add(tree(HistoryCodec.encode(r))));
    ArrayNode ticks = rows.putArray("ticks");
    history.ticks().forEach(t -> ticks.add(tree(HistoryCodec.encode(t))));
    ArrayNode evals = rows.putArray("evals");
    history.evals().forEach(v -> evals.add(tree(HistoryCodec.encode(v))));
    root.set("snapshot", tree(SnapshotCodec.encode(s.snapshot())));
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
    try {
      return JSON.writer(printer).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where two renderings first differ: the line number and both lines. */
  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    int i = 0;
    while (i < Math.min(e.length, a.length) && e[i].equals(a[i])) {
      i++;
    }
    String recorded = i < e.length ? e[i].strip() : "(end)";
    String folded = i < a.length ? a[i].strip() : "(end)";
    return "line " + (i + 1) + ": recorded " + recorded + ", folded " + folded;
  }

  /** The deliberate update: records missing logs, rewrites every projection, then fails. */
  private static void regenerate() throws IOException {
    if (System.getenv("CI") != null) {
      fail("-D" + UPDATE_PROPERTY + " regenerates golden files and must never run in CI");
    }
    Files.createDirectories(DIR);
    List<String> recorded = new ArrayList<>();
    for (Map.Entry<String, Supplier<List<EventEnvelope>>> r : RECORDERS.entrySet()) {
      Path events = DIR.resolve(r.getKey() + EVENTS);
      if (!Files.exists(events)) {
        StringBuilder lines = new StringBuilder();
        r.getValue().get().forEach(e -> lines.append(EventCodec.encodeToString(e)).append('\n'));
        Files.writeString(events, lines, StandardCharsets.UTF_8);
        recorded.add(r.getKey());
      }
    }
    List<String> names = names();
    for (String name : names) {
      Files.writeString(DIR.resolve(name + PROJECTION), project(name, read(name)), StandardCharsets.UTF_8);
    }
    fail(
        "golden files regenerated (logs recorded: " + recorded + "; projections rewritten: " + names
            + "); review the diff, commit it and run again without -D" + UPDATE_PROPERTY);
  }

  // ---- recorders -------------------------------------------------------------------------------

  /**
   * Independent streams of every event type (the interleaving property's generator, see {@link
   * EventStreams}) one after another, keeping the events that apply and the unknown one: a log
   * with legacy {@code TaskFinished} completions and an event type from a newer version.
   */
  static List<EventEnvelope> everyEventType() {
    for (long seed = 0; ; seed++) {
      List<EventEnvelope> all = new ArrayList<>();
      EventStreams.scenario(new Random(seed)).forEach(all::addAll);
      FoldState s = new FoldState();
      List<EventEnvelope> log = new ArrayList<>();
      Set<Class<?>> types = new HashSet<>();
      for (EventEnvelope e : all) {
        s.position(log.size() + 1L);
        if (Fold.apply(s, e) || e.data() instanceof UnknownEvent) {
          log.add(e);
          types.add(e.data().getClass());
        }
      }
      if (types.size() == Event.class.getPermittedSubclasses().length && log.size() < 400) {
        return log;
      }
    }
  }

  /**
   * A workspace driven through the engine as a user, workers and time would: a manifest with a
   * schedule and push and poll sensors, settings and a dynamic partition set, manual runs with a
   * retry and a heartbeat timeout, a cancel, sensor evaluations and a pause, schedule ticks with a
   * catch-up skip and a disabled hour, and backfills that fail, retry, pause, resume and cancel.
   */
  static List<EventEnvelope> engineTour() {
    InMemoryEventStore store = new InMemoryEventStore();
    store.metadata("run-id-secret:t1/w1", () -> new byte[0]);
    try (EngineFixture f = new EngineFixture(store, Instant.parse("2026-01-05T00:00:00Z"))) {
      var m = EngineFixture.manifest("g.raw", "g.clean<-g.raw", "g.daily");
      ((ObjectNode) m.get("assets").get(2))
          .putObject("partitioning")
          .putArray("dimensions")
          .addObject()
          .put("name", "date")
          .put("kind", "time")
          .put("granularity", "day");
      EngineFixture.withSchedule(m, "hourly", "0 * * * *", "g.raw")
          .put("maxCatchupTicks", 2)
          .put("catchupWindowMinutes", 180);
      EngineFixture.withSensor(m, "files", "push", 30, "g.raw");
      EngineFixture.withSensor(m, "poller", "poll", 30, "g.clean");
      f.deploy(m);

      f.engine.putWorkspaceSettings(
          EngineFixture.WS,
          new WorkspaceSettingsRequest(
              Optional.of(5L), List.of(new WorkspaceSettingsRequest.Limit("team", Optional.empty(), 3))),
          Optional.empty());
      f.engine.changePartitionSetMembers(EngineFixture.WS, "customers", List.of("acme", "globex"), List.of(), Optional.empty());
      f.engine.changePartitionSetMembers(EngineFixture.WS, "customers", List.of(), List.of("globex"), Optional.empty());

      // A manual run: the upstream succeeds with lineage, the downstream fails, waits and retries.
      f.engine.triggerRun(
          EngineFixture.WS,
          new TriggerRequest(List.of("g.clean"), true, false, List.of(), Optional.empty(), Optional.of("tour-1"), Map.of("team", "data")),
          "alice");
      LeasedTask raw = f.lease(10).get(0);
      started(f, raw);
      heartbeat(f, raw);
      f.complete(
          raw,
          TaskOutcome.SUCCEEDED,
          Optional.of(
              new TaskOutput(
                  Optional.of("mat-raw-1"), Optional.of(42L), Optional.empty(), Optional.empty(),
                  Optional.of("lake.raw"), Optional.of(7L), Optional.of("all"), Optional.empty(),
                  Optional.empty(), Optional.empty())),
          Optional.empty());
      LeasedTask clean = f.lease(10).get(0);
      started(f, clean);
      f.complete(
          clean, TaskOutcome.FAILED, Optional.empty(),
          Optional.of(new TaskError(ErrorCategory.USER_CODE, "flaky", Optional.empty(), Optional.of(true))));
      f.advance(Duration.ofSeconds(31));
      f.succeed(f.lease(10).get(0));

      // A second run: its worker goes silent past the heartbeat deadline, then the run is cancelled.
      String silent =
          f.engine
              .triggerRun(
                  EngineFixture.WS,
                  new TriggerRequest(List.of("g.raw"), false, false, List.of(), Optional.empty(), Optional.empty(), Map.of()),
                  "bob")
              .runId();
      started(f, f.lease(10).get(0));
      f.advance(Duration.ofSeconds(400));
      f.engine.cancelRun(EngineFixture.WS, silent, Optional.of("not needed"), "bob");
      BackfillEngineTestSupport.drain(f, k -> false);

      // Sensors: a pushed message, a poll evaluation with a run request, a pause and a resume.
      f.engine.evaluateSensor(
          EngineFixture.WS, "files", new PushEvaluation("{\"file\":\"a.csv\"}", Map.of(), Optional.of("msg-1"), false));
      LeasedSensorEvaluation poll =
          f.engine.leaseWork(EngineFixture.WS, new LeaseRequest("w1", List.of("sensors"), 1, 0)).sensorEvaluations().get(0);
      f.engine.sensorCompleted(
          new SensorCompletion(
              poll.taskId(),
              new TaskTokenClaims(poll.taskId(), "t1", "w1", Optional.empty(), Optional.of(1), Optional.of(poll.attemptId())),
              poll.attemptId(),
              "w1",
              TaskOutcome.SUCCEEDED,
              Optional.of(tree("{\"cursor\":\"c-1\",\"runRequests\":[{}]}".getBytes(StandardCharsets.UTF_8))),
              Optional.empty()));
      f.engine.setSensorPaused(EngineFixture.WS, "poller", true, Optional.empty(), "ops");
      f.engine.setSensorPaused(EngineFixture.WS, "poller", false, Optional.empty(), "ops");
      BackfillEngineTestSupport.drain(f, k -> false);

      // Schedule: three hours pass (one tick over the catch-up limit), then a disabled hour.
      f.advance(Duration.ofHours(3));
      BackfillEngineTestSupport.drain(f, k -> false);
      f.engine.setScheduleEnabled(EngineFixture.WS, "hourly", false, Optional.empty());
      f.advance(Duration.ofHours(1));
      f.engine.setScheduleEnabled(EngineFixture.WS, "hourly", true, Optional.empty());

      // Backfills: one fails on a partition and is retried; one is paused, resumed and cancelled.
      String failing =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(List.of("g.daily"), new PartitionSelector.Range("2026-01-01", "2026-01-04"), Optional.of("bf-1"), 2, 1))
              .backfillId();
      BackfillEngineTestSupport.drain(f, k -> k.equals("date=d:2026-01-02"));
      f.engine.retryFailedBackfill(EngineFixture.WS, failing, "ops");
      BackfillEngineTestSupport.drain(f, k -> false);
      String paused =
          f.engine
              .createBackfill(
                  EngineFixture.WS,
                  new BackfillRequest(List.of("g.daily"), new PartitionSelector.Range("2026-01-01", "2026-01-02"), Optional.of("bf-2"), 1, 1))
              .backfillId();
      f.engine.pauseBackfill(EngineFixture.WS, paused, "ops");
      f.engine.resumeBackfill(EngineFixture.WS, paused, "ops");
      f.engine.cancelBackfill(EngineFixture.WS, paused, "ops");
      BackfillEngineTestSupport.drain(f, k -> false);

      return f.store.read(EngineFixture.WS, 0, 100_000).stream().map(StoredEvent::envelope).toList();
    }
  }

  private static void started(EngineFixture f, LeasedTask t) {
    String taskId = Ids.callbackTaskId(t.runId(), t.taskKey());
    f.engine.taskStarted(new TaskCallbacks.Started(taskId, claims(t, taskId), t.attempt(), t.attemptId(), "w"));
  }

  private static void heartbeat(EngineFixture f, LeasedTask t) {
    String taskId = Ids.callbackTaskId(t.runId(), t.taskKey());
    f.engine.taskHeartbeat(
        new TaskCallbacks.Heartbeat(taskId, claims(t, taskId), t.attempt(), t.attemptId(), "w", Optional.of(50), Optional.of("half way")));
  }

  private static TaskTokenClaims claims(LeasedTask t, String taskId) {
    return new TaskTokenClaims(
        taskId, "t1", "w1", Optional.of(t.runId()), Optional.of(t.attempt()), Optional.of(t.attemptId()));
  }
}
