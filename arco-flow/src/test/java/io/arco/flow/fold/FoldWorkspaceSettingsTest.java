package io.arco.flow.fold;

import static io.arco.flow.testing.Events.cancel;
import static io.arco.flow.testing.Events.cancelledOutcome;
import static io.arco.flow.testing.Events.dispatch;
import static io.arco.flow.testing.Events.plan;
import static io.arco.flow.testing.Events.runTriggered;
import static io.arco.flow.testing.Events.settings;
import static io.arco.flow.testing.Events.started;
import static io.arco.flow.testing.Events.succeeded;
import static io.arco.flow.testing.Events.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.WorkspaceSettingsChanged;
import io.arco.flow.model.Ids;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.store.codec.SnapshotCodec;
import io.arco.flow.testing.FoldHarness;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldWorkspaceSettingsTest {
  private final FoldHarness h = new FoldHarness();

  private static final LabelLimit TEAM = new LabelLimit("team", Optional.empty(), 3);
  private static final LabelLimit GROWTH = new LabelLimit("team", Optional.of("growth"), 1);

  @Test
  void theSettingsAreTheDefaultsUntilAChange() {
    assertThat(h.state().workspaceSettings()).isEqualTo(WorkspaceSettings.DEFAULT);
    assertThat(h.state().workspaceSettings().hasLimits()).isFalse();
    assertThat(h.state().snapshot().workspaceSettings()).isEqualTo(WorkspaceSettings.DEFAULT);
  }

  @Test
  void aChangeReplacesTheWholeDocumentAndKeepsLimitsInCanonicalOrder() {
    assertThat(h.apply(settings(Optional.of(2), GROWTH, TEAM))).isTrue();
    assertThat(h.state().workspaceSettings())
        .isEqualTo(new WorkspaceSettings(Optional.of(2), List.of(TEAM, GROWTH)));
    assertThat(h.state().workspaceSettings().labelLimits()).containsExactly(TEAM, GROWTH);

    assertThat(h.apply(settings(Optional.empty(), GROWTH))).isTrue();
    assertThat(h.state().workspaceSettings())
        .isEqualTo(new WorkspaceSettings(Optional.empty(), List.of(GROWTH)));
    h.assertReplayEqualsLive();
  }

  @Test
  void aDocumentEqualToTheCurrentOneIsNotAppliedAndRecordsNoKey() {
    h.apply(settings(Optional.of(2), TEAM, GROWTH));
    int keys = h.state().idempotencyKeyCount();

    assertThat(h.applyWithKey(settings(Optional.of(2), GROWTH, TEAM), "settings:r2")).isFalse();
    assertThat(h.applyWithKey(settings(Optional.empty()), "settings:r3")).isTrue();
    assertThat(h.applyWithKey(settings(Optional.empty()), "settings:r4")).isFalse();

    assertThat(h.state().hasIdempotencyKey("settings:r2")).isFalse();
    assertThat(h.state().hasIdempotencyKey("settings:r4")).isFalse();
    assertThat(h.state().idempotencyKeyCount()).isEqualTo(keys + 1);
    h.assertReplayEqualsLive();
  }

  @Test
  void aRepeatedKeyChangesNothingEvenWhenItWouldChangeTheSettings() {
    h.applyWithKey(settings(Optional.of(1)), "settings:r1");
    h.applyWithKey(settings(Optional.of(5)), "settings:r2");

    assertThat(h.applyWithKey(settings(Optional.of(1)), "settings:r1")).isFalse();
    assertThat(h.state().workspaceSettings().maxConcurrentRuns()).contains(5);
    h.assertReplayEqualsLive();
  }

  @Test
  void settingsSurviveASnapshotRoundTripAndTheTailFoldsOnTop() {
    h.apply(settings(Optional.of(4), GROWTH, TEAM));
    FoldSnapshot snapshot = h.state().snapshot();

    FoldState restored =
        FoldState.fromSnapshot(SnapshotCodec.decode(SnapshotCodec.encode(snapshot)));
    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(restored.workspaceSettings())
        .isEqualTo(new WorkspaceSettings(Optional.of(4), List.of(TEAM, GROWTH)));

    EventEnvelope tail =
        EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, settings(Optional.of(1)));
    Fold.apply(restored, tail);
    h.apply(tail);
    assertThat(restored.snapshot()).isEqualTo(h.state().snapshot());
    assertThat(restored.workspaceSettings())
        .isEqualTo(new WorkspaceSettings(Optional.of(1), List.of()));
    h.assertReplayEqualsLive();
  }

  @Test
  void theDefaultKeyHashesTheDocumentWhateverTheOrderOfItsLimits() {
    WorkspaceSettingsChanged one = settings(Optional.of(2), TEAM, GROWTH);
    WorkspaceSettingsChanged other = settings(Optional.of(2), GROWTH, TEAM);
    EventEnvelope e = EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, one);

    assertThat(e.idempotencyKey())
        .isEqualTo("settings:" + Ids.sha256Hex("max=2\nteam\0*\u00003\nteam\0=growth\u00001"));
    assertThat(EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, other).idempotencyKey())
        .isEqualTo(e.idempotencyKey());
    assertThat(EventEnvelope.of(h.nextEventId(), h.now(), FoldHarness.SCOPE, settings(Optional.empty())).idempotencyKey())
        .isEqualTo("settings:" + Ids.sha256Hex("max=none"));
  }

  @Test
  void aRunIsInProgressFromItsFirstLeaseUntilItEndsIncludingBetweenTwoTasks() {
    h.given(runTriggered("r1"), plan("r1", task("s.a"), task("s.b", "s.a")));
    assertThat(h.state().runsInProgress()).isEmpty();

    h.apply(dispatch("r1", "s.a", 1));
    assertThat(h.state().runsInProgress()).containsExactly("r1");
    h.given(started("r1", "s.a", 1), succeeded("r1", "s.a", 1));
    assertThat(h.stateOf("r1", "s.b")).isEqualTo(io.arco.flow.model.TaskState.READY);
    assertThat(h.state().runsInProgress()).as("between two tasks").containsExactly("r1");

    h.given(dispatch("r1", "s.b", 1), started("r1", "s.b", 1), succeeded("r1", "s.b", 1));
    assertThat(h.state().runsInProgress()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void aCancelledRunStaysInProgressUntilItsRunningTaskReportsBack() {
    h.given(
        runTriggered("r1"),
        plan("r1", task("s.a"), task("s.b")),
        dispatch("r1", "s.a", 1),
        started("r1", "s.a", 1),
        cancel("r1"));
    assertThat(h.state().runsInProgress()).containsExactly("r1");

    h.apply(cancelledOutcome("r1", "s.a", 1));
    assertThat(h.state().run("r1").orElseThrow().state().isTerminal()).isTrue();
    assertThat(h.state().runsInProgress()).isEmpty();
    h.assertReplayEqualsLive();
  }

  @Test
  void aPlanFoldedBeforeItsRunIsInProgressOnceTheRunArrives() {
    h.given(plan("r1", task("s.a"), task("s.b")), dispatch("r1", "s.a", 1));
    assertThat(h.state().runsInProgress()).containsExactly("r1");

    h.apply(runTriggered("r1"));
    assertThat(h.state().runsInProgress()).containsExactly("r1");
    h.assertReplayEqualsLive();
  }
}
