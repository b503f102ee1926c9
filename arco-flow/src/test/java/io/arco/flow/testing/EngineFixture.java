package io.arco.flow.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.TaskCallbacks;
import io.arco.flow.engine.TaskTokenClaims;
import io.arco.flow.model.TaskError;
import io.arco.flow.model.TaskOutput;
import io.arco.flow.model.Ids;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.model.Scope;
import io.arco.flow.store.EventStore;
import io.arco.flow.store.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An engine over a store and the manual clock, with manifest builders, for engine-level tests. */
public final class EngineFixture implements AutoCloseable {
  public static final Scope WS = new Scope("t1", "w1");
  private static final ObjectMapper JSON = new ObjectMapper();

  public final EventStore store;
  public final ManualClock clock;
  public final Engine engine;

  public EngineFixture(Instant start) {
    this(new InMemoryEventStore(), start);
  }

  public EngineFixture(EventStore store, Instant start) {
    this.store = store;
    this.clock = new ManualClock(start);
    this.engine = Engine.open(store, clock, EngineOptions.defaults().withTickInterval(Duration.ZERO));
  }

  /** A manifest body with the given assets ("ns.name" or "ns.name<-ns.up,ns.up2"). */
  public static ObjectNode manifest(String... assets) {
    ObjectNode m = JSON.createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "code-1");
    ArrayNode arr = m.putArray("assets");
    for (String spec : assets) {
      String[] parts = spec.split("<-");
      String[] key = parts[0].split("\\.", 2);
      ObjectNode a = arr.addObject();
      a.putObject("key").put("namespace", key[0]).put("name", key[1]);
      a.put("id", "id-" + parts[0]);
      if (parts.length > 1) {
        ArrayNode deps = a.putArray("dependencies");
        for (String up : parts[1].split(",")) {
          String[] u = up.split("\\.", 2);
          deps.addObject().putObject("upstreamKey").put("namespace", u[0]).put("name", u[1]);
        }
      }
    }
    m.putArray("schedules");
    return m;
  }

  /** Adds a schedule entry to a manifest body. */
  public static ObjectNode withSchedule(ObjectNode manifest, String id, String cron, String... assets) {
    ObjectNode s = ((ArrayNode) manifest.get("schedules")).addObject();
    s.put("id", id).put("cron", cron);
    ArrayNode a = s.putArray("assets");
    for (String asset : assets) {
      a.add(asset);
    }
    return s;
  }

  /** Adds a sensor entry ({@code kind} push or poll) to a manifest body. */
  public static ObjectNode withSensor(
      ObjectNode manifest, String id, String kind, int minIntervalSeconds, String... assets) {
    ArrayNode sensors =
        manifest.has("sensors") ? (ArrayNode) manifest.get("sensors") : manifest.putArray("sensors");
    ObjectNode s = sensors.addObject();
    s.put("id", id).put("kind", kind).put("minIntervalSeconds", minIntervalSeconds);
    ArrayNode a = s.putArray("assets");
    for (String asset : assets) {
      a.add(asset);
    }
    return s;
  }

  public void deploy(ObjectNode manifest) {
    engine.deployManifest(WS, manifest, Optional.empty(), "tester");
  }

  /** Moves the manual clock and runs a controller pass. */
  public void moveTo(Instant t) {
    engine.moveClock(t);
  }

  public void advance(Duration d) {
    engine.moveClock(clock.instant().plus(d));
  }

  /** Leases up to {@code max} claimable tasks of {@code default-queue} as worker {@code w}. */
  public List<LeasedTask> lease(int max) {
    return engine.lease(WS, new LeaseRequest("w", List.of("default-queue"), max, 0));
  }

  /** The claims of a valid task token for this lease in {@link #WS}. */
  public static TaskTokenClaims claims(LeasedTask t) {
    return new TaskTokenClaims(
        Ids.callbackTaskId(t.runId(), t.taskKey()), WS.tenant(), WS.workspace(), Optional.of(t.runId()),
        Optional.of(t.attempt()), Optional.of(t.attemptId()));
  }

  /** Completes a leased task as its worker would, with a valid task token's claims. */
  public void complete(
      LeasedTask t, TaskOutcome outcome, Optional<TaskOutput> output, Optional<TaskError> error) {
    TaskTokenClaims claims = claims(t);
    String taskId = claims.taskId();
    engine.taskCompleted(
        new TaskCallbacks.Completed(
            taskId, claims, t.attempt(), t.attemptId(), "w", outcome, output, error,
            Optional.empty(), Optional.empty(), Optional.empty()));
  }

  /** Completes a leased task SUCCEEDED without output. */
  public void succeed(LeasedTask t) {
    complete(t, TaskOutcome.SUCCEEDED, Optional.empty(), Optional.empty());
  }

  @Override
  public void close() {
    engine.close();
  }
}
