package io.arco.flow.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.BackfillCreated;
import io.arco.flow.event.BackfillStateChanged;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.fold.BackfillRow;
import io.arco.flow.model.BackfillState;
import io.arco.flow.model.Ids;
import io.arco.flow.plan.AssetKeys;
import io.arco.flow.plan.DynamicMembers;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.PartitionDimension;
import io.arco.flow.plan.PartitionSpace;
import io.arco.flow.plan.PartitionSpec;
import io.arco.flow.plan.PartitionSpaces;
import io.arco.flow.plan.RequestLimits;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.query.BackfillView;
import io.arco.flow.query.BackfillViews;
import io.arco.flow.store.RequestRecord;
import io.arco.flow.store.SideWrite;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Backfill commands (api-contract §10.1, decisions §2.4 and §6.4): create with its request
 * idempotency record, and the lifecycle actions pause, resume, cancel and retry-failed.
 */
final class BackfillCommands {
  static final String REQUESTS = "backfill";
  static final int DEFAULT_CHUNK_SIZE = 10;
  static final int DEFAULT_MAX_CONCURRENT_RUNS = 2;
  /** The most partitions one backfill may name (its chunks hold their keys explicitly). */
  static final long MAX_PARTITIONS = 1_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BackfillCommands() {}

  /** The lifecycle actions and the state each moves to. */
  enum Action {
    PAUSE("pause", BackfillState.PAUSED),
    RESUME("resume", BackfillState.RUNNING),
    CANCEL("cancel", BackfillState.CANCELLED),
    RETRY_FAILED("retry-failed", BackfillState.RUNNING);

    final String wire;
    final BackfillState target;

    Action(String wire, BackfillState target) {
      this.wire = wire;
      this.target = target;
    }
  }

  // ---- create -----------------------------------------------------------------------------------

  /**
   * Validates in the contract's order (the idempotency key, once present, follows the identifier
   * rule of decisions §7.5: {@code clientRequestId must be at most 256 bytes}, {@code
   * clientRequestId contains a control character}), then answers the earlier backfill for a
   * replayed key and request, 409 for a key reused with another request, else appends {@code
   * BackfillCreated}.
   */
  static BackfillCreateResult create(
      CommandContext ctx, ManifestCatalog manifests, BackfillRequest req, DynamicMembers members) {
    if (req.assetSelection().isEmpty()) {
      throw FlowException.invalid("assetSelection cannot be empty");
    }
    if (req.assetSelection().size() > 1) {
      throw FlowException.invalid("multi-asset backfills are not supported yet");
    }
    String key =
        req.clientRequestId()
            .filter(k -> !k.isBlank())
            .orElseThrow(() -> FlowException.invalid("clientRequestId or Idempotency-Key is required"));
    RequestLimits.identifier("clientRequestId", key);
    PartitionSelector selector = checkSelector(req.partitionSelector());
    int chunkSize = req.chunkSize() <= 0 ? DEFAULT_CHUNK_SIZE : (int) Math.min(req.chunkSize(), Integer.MAX_VALUE);
    int concurrency =
        req.maxConcurrentRuns() <= 0
            ? DEFAULT_MAX_CONCURRENT_RUNS
            : (int) Math.min(req.maxConcurrentRuns(), Integer.MAX_VALUE);
    String asset = AssetKeys.canonicalize(req.assetSelection().get(0));
    Manifest manifest = TriggerPlanner.requireManifest(manifests.latest());
    if (manifest.asset(asset).isEmpty()) {
      throw FlowException.invalid("unknown asset keys: " + asset);
    }
    String fingerprint = fingerprint(asset, selector, chunkSize, concurrency);
    Optional<RequestRecord> seen = ctx.requestRecord(REQUESTS, key);
    if (seen.isPresent()) {
      if (!seen.get().fingerprint().equals(fingerprint)
          && !(selector instanceof PartitionSelector.Explicit e
              && seen.get().fingerprint().equals(legacyFingerprint(asset, e, chunkSize, concurrency)))) {
        throw FlowException.conflict("idempotency key already used for a different backfill");
      }
      return replay(seen.get());
    }
    PartitionSpace space =
        PartitionSpaces.of(asset, manifest.asset(asset).get().partitioning(), selector, members);
    long total = space.size();
    if (total == 0) {
      throw FlowException.invalid("partition selector resolves to zero partitions");
    }
    if (total > MAX_PARTITIONS) {
      throw FlowException.invalid(
          "partition selector selects " + total + " partitions; at most " + MAX_PARTITIONS + " are allowed");
    }
    PartitionSelector stored =
        selector instanceof PartitionSelector.Explicit
            ? new PartitionSelector.Explicit(space.slice(0, (int) total))
            : selector;
    String backfillId = ctx.newId();
    Optional<StoredManifestDocument> doc = manifests.latestDocument();
    EventEnvelope accepted =
        ctx.emitAndGet(
                new BackfillCreated(
                    backfillId,
                    key,
                    List.of(asset),
                    Optional.of(manifest.codeVersionId()),
                    stored,
                    total,
                    chunkSize,
                    concurrency,
                    Optional.empty(),
                    doc.map(StoredManifestDocument::manifestId),
                    frozenSets(manifest.asset(asset).get().partitioning(), members)),
                "backfill_create:" + key)
            .orElseThrow(() -> FlowException.conflict("idempotency key already used for a different backfill"));
    String response = backfillId + "\n" + accepted.eventId() + "\n" + accepted.timestamp();
    ctx.sideWrite(
        new SideWrite.PutRequestRecord(
            new RequestRecord(REQUESTS, key, fingerprint, response.getBytes(StandardCharsets.UTF_8))));
    return new BackfillCreateResult(backfillId, accepted.eventId(), accepted.timestamp(), true);
  }

  /** The current members of every dynamic set the partitioning names. */
  private static Map<String, List<String>> frozenSets(PartitionSpec spec, DynamicMembers members) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    for (PartitionDimension d : spec.dimensions().values()) {
      if (d instanceof PartitionDimension.DynamicDimension dyn) {
        out.put(dyn.set(), List.copyOf(members.members(dyn.set())));
      }
    }
    return out;
  }

  private static BackfillCreateResult replay(RequestRecord r) {
    String[] parts = new String(r.response(), StandardCharsets.UTF_8).split("\n", 3);
    return new BackfillCreateResult(parts[0], parts[1], Instant.parse(parts[2]), false);
  }

  /** The selector checks of api-contract §10.1 step 3, answering the normalised selector. */
  static PartitionSelector checkSelector(PartitionSelector s) {
    return switch (s) {
      case PartitionSelector.Explicit e -> {
        if (e.partitionKeys().isEmpty()) {
          throw FlowException.invalid("partition selector cannot be empty");
        }
        if (e.partitionKeys().stream().anyMatch(String::isEmpty)) {
          throw FlowException.invalid("partition key cannot be empty");
        }
        yield e;
      }
      case PartitionSelector.Range r -> {
        if (r.start().isBlank() || r.end().isBlank()) {
          throw FlowException.invalid("range selector requires start and end");
        }
        // Their form is checked against the asset's time dimension when the selector is resolved
        // (PartitionSpaces): YYYY-MM-DD, an RFC 3339 instant for hourly assets, or its format.
        yield new PartitionSelector.Range(r.start().trim(), r.end().trim());
      }
      case PartitionSelector.Filter f -> {
        Map<String, String> m = f.filters();
        if (m.isEmpty()) {
          throw FlowException.invalid("filter selector cannot be empty");
        }
        for (Map.Entry<String, String> entry : m.entrySet()) {
          if (entry.getKey().isBlank() || entry.getValue().isBlank()) {
            throw FlowException.invalid("filter selector keys and values must be non-empty");
          }
          if (!List.of("start", "end", "partition_start", "partition_end").contains(entry.getKey())) {
            throw FlowException.invalid("filter selector supports only start/end bounds");
          }
        }
        String start = bound(m, "start", "partition_start", "start");
        String end = bound(m, "end", "partition_end", "end");
        if (start.isEmpty() || end.isEmpty()) {
          throw FlowException.invalid("filter selector requires start/end bounds");
        }
        yield new PartitionSelector.Filter(new TreeMap<>(Map.of("start", start, "end", end)));
      }
    };
  }

  private static String bound(Map<String, String> m, String a, String b, String which) {
    String x = Optional.ofNullable(m.get(a)).map(String::trim).orElse("");
    String y = Optional.ofNullable(m.get(b)).map(String::trim).orElse("");
    if (!x.isEmpty() && !y.isEmpty() && !x.equals(y)) {
      throw FlowException.invalid("filter selector " + which + " bounds are conflicting");
    }
    return x.isEmpty() ? y : x;
  }

  /**
   * SHA-256 hex of the compact JSON {@code {"assetSelection","partitionSelector","chunkSize",
   * "maxConcurrentRuns"}} (api-contract §10.1 step 4), explicit keys as sent.
   */
  static String fingerprint(String asset, PartitionSelector s, int chunkSize, int concurrency) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("assetSelection").add(asset);
    ObjectNode sel = n.putObject("partitionSelector");
    switch (s) {
      case PartitionSelector.Range r -> sel.put("type", "range").put("start", r.start()).put("end", r.end());
      case PartitionSelector.Explicit e -> {
        sel.put("type", "explicit");
        ArrayNode keys = sel.putArray("partition_keys");
        e.partitionKeys().forEach(keys::add);
      }
      case PartitionSelector.Filter f -> {
        sel.put("type", "filter");
        ObjectNode filters = sel.putObject("filters");
        new TreeMap<>(f.filters()).forEach(filters::put);
      }
    }
    n.put("chunkSize", chunkSize).put("maxConcurrentRuns", concurrency);
    return Ids.sha256Hex(n.toString());
  }

  /** The legacy explicit fingerprint {@code {"assetSelection","partitions","chunkSize","maxConcurrentRuns"}}. */
  static String legacyFingerprint(String asset, PartitionSelector.Explicit e, int chunkSize, int concurrency) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("assetSelection").add(asset);
    ArrayNode keys = n.putArray("partitions");
    e.partitionKeys().forEach(keys::add);
    n.put("chunkSize", chunkSize).put("maxConcurrentRuns", concurrency);
    return Ids.sha256Hex(n.toString());
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  /**
   * A lifecycle action (decisions §6.4): pause, resume or cancel whose target is the current state
   * answers the backfill unchanged; retry-failed is allowed from FAILED only; any other transition
   * is 409 {@code backfill {id} is {STATE}; cannot {action}}. Cancelling also puts a cancel request
   * on every open chunk run (the backfill controller does it in the same batch).
   */
  static BackfillView act(CommandContext ctx, String backfillId, Action action, String principal) {
    BackfillRow bf =
        ctx.state()
            .backfill(backfillId)
            .orElseThrow(() -> FlowException.notFound("backfill not found: " + backfillId));
    BackfillState from = bf.state();
    boolean noOp = action != Action.RETRY_FAILED && from == action.target;
    if (!noOp) {
      boolean allowed =
          action == Action.RETRY_FAILED ? from == BackfillState.FAILED : from.canMoveTo(action.target) && from != BackfillState.FAILED;
      if (!allowed) {
        throw FlowException.conflict(
            "backfill " + backfillId + " is " + from.name() + "; cannot " + action.wire);
      }
      ctx.emit(
          new BackfillStateChanged(
              backfillId, from, action.target, bf.stateVersion() + 1, Optional.of(principal)));
    }
    return BackfillViews.of(ctx.state(), backfillId).orElseThrow();
  }
}
