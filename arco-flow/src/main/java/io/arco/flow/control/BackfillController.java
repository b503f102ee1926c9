package io.arco.flow.control;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.BackfillChunkPlanned;
import io.arco.flow.event.BackfillStateChanged;
import io.arco.flow.event.Event;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.event.RunCancelRequested;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.SourceRef;
import io.arco.flow.fold.BackfillChunkRow;
import io.arco.flow.fold.BackfillRound;
import io.arco.flow.fold.BackfillRow;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunRow;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.Ids;
import io.arco.flow.plan.DynamicMembers;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.PartitionSpace;
import io.arco.flow.plan.PartitionSpaces;
import io.arco.flow.plan.PartitionSpec;
import io.arco.flow.plan.StoredManifestDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives backfills (flow-model part 4 §3.5 with §0.3.9 and decisions §6.4). For a RUNNING backfill
 * it plans chunks of the current round while fewer than {@code maxConcurrentRuns} chunks are active
 * (requested or running), each chunk followed by its run request; once every chunk of the round is
 * planned and has ended it completes the backfill: SUCCEEDED when every chunk of the round
 * succeeded, else FAILED. For a CANCELLED backfill it puts a cancel request on every chunk run that
 * is still open. A PAUSED backfill plans nothing.
 */
public final class BackfillController implements Controller {
  @Override
  public List<Event> evaluate(ControllerInput input) {
    FoldState state = input.state();
    List<Event> out = new ArrayList<>();
    for (BackfillRow bf : state.backfills().values()) {
      switch (bf.state()) {
        case RUNNING -> {
          plan(input, bf, out);
          complete(bf, out);
        }
        case CANCELLED -> cancelOpenRuns(state, bf, out);
        case PENDING, PAUSED, SUCCEEDED, FAILED -> {}
      }
    }
    return out;
  }

  private static void plan(ControllerInput input, BackfillRow bf, List<Event> out) {
    int budget = bf.maxConcurrentRuns() - bf.chunkCounts().active();
    BackfillRound round = bf.round();
    long remaining = bf.roundChunks() - round.planned();
    if (budget <= 0 || remaining <= 0) {
      return;
    }
    Optional<PartitionSpace> space = roundSpace(input, bf);
    if (space.isEmpty()) {
      return;
    }
    for (int n = 0; n < Math.min(budget, remaining); n++) {
      int inRound = round.planned() + n;
      int index = round.startIndex() + inRound;
      List<String> keys = space.get().slice((long) inRound * bf.chunkSize(), bf.chunkSize());
      if (keys.isEmpty()) {
        return;
      }
      String chunkId = bf.backfillId() + ":" + index;
      String runKey = "backfill:" + bf.backfillId() + ":chunk:" + index;
      String fingerprint = chunkFingerprint(keys);
      out.add(
          new BackfillChunkPlanned(
              bf.backfillId(), chunkId, index, keys, runKey, fingerprint, round.round()));
      out.add(
          new RunRequested(
              runKey,
              fingerprint,
              bf.assetSelection(),
              Optional.of(keys),
              new SourceRef.Backfill(bf.backfillId(), chunkId),
              Map.of("arco.backfill_id", bf.backfillId(), "arco.backfill_chunk_id", chunkId),
              bf.codeVersion()));
    }
  }

  /**
   * The partitions of the round being planned: the selector's space for the first pass (explicit
   * keys were made canonical at creation; ranges are enumerated with the manifest the backfill was
   * created against), the stored sorted list for a retry round. Empty when the space cannot be
   * built (its manifest is gone), which stalls planning rather than failing the pass.
   */
  private static Optional<PartitionSpace> roundSpace(ControllerInput input, BackfillRow bf) {
    if (bf.round().round() > 0) {
      return Optional.of(PartitionSpaces.listed(bf.round().partitions()));
    }
    if (bf.partitionSelector() instanceof PartitionSelector.Explicit e) {
      return Optional.of(PartitionSpaces.listed(e.partitionKeys()));
    }
    Optional<Manifest> manifest =
        bf.manifestId()
            .flatMap(input.manifestById())
            .or(input::latestManifest)
            .map(StoredManifestDocument::manifest);
    String asset = bf.assetSelection().get(0);
    Optional<PartitionSpec> spec = manifest.flatMap(m -> m.asset(asset)).map(a -> a.partitioning());
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          PartitionSpaces.of(asset, spec.get(), bf.partitionSelector(), frozen(bf)));
    } catch (FlowException e) {
      return Optional.empty();
    }
  }

  /** The dynamic set members the backfill captured at creation. */
  private static DynamicMembers frozen(BackfillRow bf) {
    return name -> {
      java.util.TreeSet<String> members = new java.util.TreeSet<>(io.arco.flow.model.Utf8Order.COMPARATOR);
      members.addAll(bf.dynamicMembers().getOrDefault(name, List.of()));
      return members;
    };
  }

  private static void complete(BackfillRow bf, List<Event> out) {
    BackfillRound r = bf.round();
    long chunks = bf.roundChunks();
    if (r.planned() < chunks || r.succeeded() + r.failed() < chunks) {
      return;
    }
    BackfillState to = r.failed() == 0 ? BackfillState.SUCCEEDED : BackfillState.FAILED;
    out.add(
        new BackfillStateChanged(
            bf.backfillId(), BackfillState.RUNNING, to, bf.stateVersion() + 1, Optional.of("system")));
  }

  private static void cancelOpenRuns(FoldState state, BackfillRow bf, List<Event> out) {
    if (bf.chunkCounts().active() == 0) {
      return;
    }
    for (int i = 0; i < bf.plannedChunks(); i++) {
      Optional<BackfillChunkRow> chunk = state.backfillChunk(bf.backfillId(), i);
      Optional<RunRow> run = chunk.flatMap(BackfillChunkRow::runId).flatMap(state::run);
      if (run.isPresent() && !run.get().state().isTerminal() && !run.get().cancelRequested()) {
        out.add(
            new RunCancelRequested(
                run.get().runId(), Optional.of("backfill " + bf.backfillId() + " cancelled"), "system"));
      }
    }
  }

  /**
   * The chunk fingerprint (flow-model part 1 §2.3): the first 16 bytes of SHA-256 over each key
   * followed by {@code |}, in chunk order, as 32 lower-case hex characters.
   */
  public static String chunkFingerprint(List<String> keys) {
    StringBuilder b = new StringBuilder();
    for (String k : keys) {
      b.append(k).append('|');
    }
    byte[] digest = Ids.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }
}
