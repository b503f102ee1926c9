package io.arco.flow.fold;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.PartitionSetMembersChanged;
import io.arco.flow.model.Ids;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.FoldHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldPartitionSetTest {
  private final FoldHarness h = new FoldHarness();

  private static PartitionSetMembersChanged change(List<String> added, List<String> removed) {
    return new PartitionSetMembersChanged("customers", added, removed);
  }

  @Test
  void addsThenRemovesAndKeepsMembersSorted() {
    assertThat(h.apply(change(List.of("globex", "acme"), List.of()))).isTrue();
    assertThat(h.apply(change(List.of("initech"), List.of("acme")))).isTrue();

    assertThat(h.state().partitionSetMembers("customers")).containsExactly("globex", "initech");
    assertThat(h.state().dynamicMembers().members("customers"))
        .containsExactly("globex", "initech");
    assertThat(h.state().partitionSetNames()).containsExactly("customers");
    h.assertReplayEqualsLive();
  }

  @Test
  void aChangeThatChangesNothingIsNotAppliedAndRecordsNoKey() {
    h.apply(change(List.of("acme"), List.of()));
    int keys = h.state().idempotencyKeyCount();

    assertThat(h.applyWithKey(change(List.of("acme"), List.of("initech")), "partition_set:customers:r2"))
        .isFalse();
    assertThat(h.state().idempotencyKeyCount()).isEqualTo(keys);
    assertThat(h.state().hasIdempotencyKey("partition_set:customers:r2")).isFalse();
    h.assertReplayEqualsLive();
  }

  @Test
  void aRepeatedKeyChangesNothingEvenWhenItWouldChangeTheSet() {
    h.applyWithKey(change(List.of("acme"), List.of()), "partition_set:customers:r1");
    h.applyWithKey(change(List.of(), List.of("acme")), "partition_set:customers:r2");

    assertThat(h.applyWithKey(change(List.of("acme"), List.of()), "partition_set:customers:r1"))
        .isFalse();
    assertThat(h.state().partitionSetMembers("customers")).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void anEmptiedSetIsTheSameStateAsAnUnknownOne() {
    h.apply(change(List.of("acme"), List.of()));
    h.apply(change(List.of(), List.of("acme")));

    assertThat(h.state().partitionSetNames()).isEmpty();
    assertThat(h.state().partitionSetMembers("customers")).isEmpty();
    assertThat(h.state().snapshot().dynamicPartitionSets()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void setsSurviveASnapshotRoundTripAndTheTailFoldsOnTop() {
    h.apply(change(List.of("b", "a"), List.of()));
    h.apply(new PartitionSetMembersChanged("regions", List.of("eu"), List.of()));
    FoldSnapshot snapshot = h.state().snapshot();

    FoldState restored = FoldState.fromSnapshot(SnapshotCodec.decode(SnapshotCodec.encode(snapshot)));
    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(snapshot.dynamicPartitionSets())
        .containsExactly(
            new PartitionSetRow("customers", List.of("a", "b")),
            new PartitionSetRow("regions", List.of("eu")));

    EventEnvelope tail =
        EventEnvelope.of(
            h.nextEventId(), h.now(), FoldHarness.SCOPE, change(List.of("c"), List.of("a")));
    Fold.apply(restored, tail);
    h.apply(tail);
    assertThat(restored.snapshot()).isEqualTo(h.state().snapshot());
    assertThat(restored.partitionSetMembers("customers")).containsExactly("b", "c");
    h.assertReplayEqualsLive();
  }

  @Test
  void theDefaultKeyHashesTheSortedChange() {
    EventEnvelope e =
        EventEnvelope.of(
            h.nextEventId(), h.now(), FoldHarness.SCOPE, change(List.of("b", "a"), List.of("z")));
    assertThat(e.idempotencyKey())
        .isEqualTo("partition_set:customers:" + Ids.sha256Hex("a,b|z"));
  }
}
