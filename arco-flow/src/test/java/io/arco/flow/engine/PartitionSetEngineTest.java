package io.arco.flow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.plan.PartitionSpaces;
import io.arco.flow.plan.PartitionSpec;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.query.PartitionSetView;
import io.arco.flow.testing.EngineFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PartitionSetEngineTest {
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
  private static final Optional<String> NO_KEY = Optional.empty();

  private static PartitionSetView change(
      EngineFixture f, List<String> add, List<String> remove, Optional<String> key) {
    return f.engine.changePartitionSetMembers(EngineFixture.WS, "customers", add, remove, key);
  }

  private static long head(EngineFixture f) {
    return f.store.head(EngineFixture.WS);
  }

  private static void assertBadRequest(ThrowingCallable call, String message) {
    FlowException e = catchThrowableOfType(FlowException.class, call);
    assertThat(e).as("expected 400 %s", message).isNotNull();
    assertThat(e.error()).isEqualTo(new FlowError.InvalidRequest(message));
  }

  /** {@code c.orders} partitioned by day and by the dynamic set {@code customers}. */
  private static ObjectNode dynamicManifest() {
    ObjectNode m = EngineFixture.manifest("c.orders");
    ObjectNode partitioning = ((ObjectNode) m.get("assets").get(0)).putObject("partitioning");
    var dims = partitioning.putArray("dimensions");
    dims.addObject().put("name", "customer").put("kind", "dynamic").put("set", "customers");
    dims.addObject().put("name", "date").put("kind", "time").put("granularity", "day");
    return m;
  }

  private static TriggerRequest trigger(String customer) {
    return new TriggerRequest(
        List.of("c.orders"),
        false,
        false,
        List.of(new PartitionPair("customer", customer), new PartitionPair("date", "2025-01-15")),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  @Test
  void membersAreAddedThenRemovedAndAnsweredSorted() {
    try (EngineFixture f = new EngineFixture(T0)) {
      PartitionSetView first = change(f, List.of("globex", "acme", "acme"), List.of(), NO_KEY);
      PartitionSetView second = change(f, List.of("initech"), List.of("acme", "unknown"), NO_KEY);

      assertThat(first).isEqualTo(new PartitionSetView("customers", List.of("acme", "globex")));
      assertThat(second).isEqualTo(new PartitionSetView("customers", List.of("globex", "initech")));
      assertThat(f.engine.partitionSet(EngineFixture.WS, "customers")).isEqualTo(second);
      assertThat(head(f)).isEqualTo(2);
    }
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheCurrentSetAndWritesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      change(f, List.of("acme"), List.of(), Optional.of("req-1"));
      change(f, List.of("globex"), List.of(), Optional.of("req-2"));
      long before = head(f);

      PartitionSetView replay = change(f, List.of("acme"), List.of("globex"), Optional.of("req-1"));

      assertThat(replay.members()).containsExactly("acme", "globex");
      assertThat(head(f)).isEqualTo(before);
      boolean recorded =
          f.engine.read(
              EngineFixture.WS, s -> s.hasIdempotencyKey("partition_set:customers:req-1"));
      assertThat(recorded).isTrue();
    }
  }

  @Test
  void aChangeThatChangesNothingWritesNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      change(f, List.of("acme"), List.of(), NO_KEY);
      long before = head(f);

      PartitionSetView same = change(f, List.of("acme"), List.of("initech"), NO_KEY);

      assertThat(same.members()).containsExactly("acme");
      assertThat(head(f)).isEqualTo(before);
    }
  }

  @Test
  void badRequestsAre400sAndWriteNothing() {
    try (EngineFixture f = new EngineFixture(T0)) {
      assertBadRequest(
          () -> f.engine.changePartitionSetMembers(EngineFixture.WS, "Bad Name", List.of("a"), List.of(), NO_KEY),
          "invalid partition set name 'Bad Name' (expected [a-z][a-z0-9_-]{0,63})");
      assertBadRequest(
          () -> change(f, List.of("a", ""), List.of(), NO_KEY), "partition set member cannot be empty");
      assertBadRequest(
          () -> change(f, List.of("a"), List.of("a"), NO_KEY),
          "partition set member 'a' is both added and removed");
      assertBadRequest(
          () -> change(f, List.of(), List.of(), NO_KEY), "add or remove must name at least one member");
      assertBadRequest(
          () -> f.engine.partitionSet(EngineFixture.WS, "-x"),
          "invalid partition set name '-x' (expected [a-z][a-z0-9_-]{0,63})");
      assertThat(head(f)).isZero();
    }
  }

  @Test
  void aSetNeverNamedReadsAsEmpty() {
    try (EngineFixture f = new EngineFixture(T0)) {
      assertThat(f.engine.partitionSet(EngineFixture.WS, "nobody"))
          .isEqualTo(new PartitionSetView("nobody", List.of()));
    }
  }

  @Test
  void membershipIsRebuiltFromTheLogOnRestart() {
    try (EngineFixture f = new EngineFixture(T0)) {
      change(f, List.of("acme", "globex"), List.of(), NO_KEY);
      change(f, List.of(), List.of("globex"), NO_KEY);
      try (EngineFixture reopened = new EngineFixture(f.store, T0)) {
        assertThat(reopened.engine.partitionSet(EngineFixture.WS, "customers").members())
            .containsExactly("acme");
      }
    }
  }

  @Test
  void aRunWithADynamicPartitionNeedsTheValueToBeACurrentMember() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dynamicManifest());
      assertBadRequest(
          () -> f.engine.triggerRun(EngineFixture.WS, trigger("acme"), "alice"),
          "dimension 'customer' value 'acme' is not a member of set 'customers'");

      change(f, List.of("acme"), List.of(), NO_KEY);
      TriggerResult run = f.engine.triggerRun(EngineFixture.WS, trigger("acme"), "alice");

      Optional<String> partition =
          f.engine.read(
              EngineFixture.WS, s -> s.tasksOf(run.runId()).firstEntry().getValue().partitionKey());
      assertThat(partition).contains("customer=s:YWNtZQ,date=d:2025-01-15");

      change(f, List.of(), List.of("acme"), NO_KEY);
      assertBadRequest(
          () -> f.engine.triggerRun(EngineFixture.WS, trigger("acme"), "alice"),
          "dimension 'customer' value 'acme' is not a member of set 'customers'");
    }
  }

  @Test
  void theStatesDynamicMembersFeedRangeEnumeration() {
    try (EngineFixture f = new EngineFixture(T0)) {
      f.deploy(dynamicManifest());
      change(f, List.of("globex", "acme"), List.of(), NO_KEY);
      PartitionSpec spec =
          PartitionSpec.from(dynamicManifest().get("assets").get(0).get("partitioning"));

      List<String> keys =
          f.engine.read(
              EngineFixture.WS,
              s ->
                  PartitionSpaces.of(
                          "c.orders",
                          spec,
                          new PartitionSelector.Range("2025-01-01", "2025-01-02"),
                          s.dynamicMembers())
                      .slice(0, 10));

      assertThat(keys)
          .containsExactly(
              "customer=s:YWNtZQ,date=d:2025-01-01",
              "customer=s:Z2xvYmV4,date=d:2025-01-01",
              "customer=s:YWNtZQ,date=d:2025-01-02",
              "customer=s:Z2xvYmV4,date=d:2025-01-02");
    }
  }
}
