package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.TriggerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Validation and planning of {@code POST /runs} (api-contract §3.1, §7.2; flow-model part 3 §2.4),
 * in two phases around the engine's run_key check:
 *
 * <ol>
 *   <li>{@link #validate} runs steps 2, 4, 5, 6 and 7 in order (selection non-empty; size limits in
 *       UTF-8 bytes; reserved labels; when a partition is requested: latest manifest, canonical
 *       roots, unknown roots, roots partitioned and identical, partition resolution) and computes
 *       the primary request fingerprint of step 8 when there is a run key (canonicalising the
 *       selection, so an invalid key is a 400 before any run_key lookup). Without a run key nothing
 *       sits between step 8 and step 9, so it also runs step 9's checks (manifest, canonical roots,
 *       unknown roots) in step 9's order.
 *   <li>the engine looks the run key up (§5.3); then {@link #manifestFor} and {@link #plan} run
 *       step 9: unknown roots against that manifest, the closure, one {@link TaskDef} per planned
 *       asset.
 * </ol>
 *
 * A request that fails here has consumed nothing. The size limits and the reserved-label check live
 * in {@link RequestLimits}, shared with {@link RerunPlanner}.
 */
public final class TriggerPlanner {

  /** The planner with the default partition resolver (no time-string cutoff). */
  public static final TriggerPlanner DEFAULT = new TriggerPlanner(PartitionResolver.DEFAULT);

  /** Labels only the engine may set (lineage of reruns), in the order the error lists them. */
  public static final List<String> RESERVED_LABELS = RequestLimits.RESERVED_LABELS;

  static final String NO_MANIFEST =
      "no manifest deployed for workspace; deploy a manifest before triggering a run";

  private final PartitionResolver resolver;

  public TriggerPlanner(PartitionResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Phase one: everything before the run_key lookup.
   *
   * @param latestManifest the workspace's latest manifest; called at most once, and only when
   *     needed
   * @throws FlowException {@code InvalidRequest} with the contract's message
   */
  public ValidatedTrigger validate(
      TriggerRequest request, Supplier<Optional<Manifest>> latestManifest) {
    return validate(request, latestManifest, DynamicMembers.NONE);
  }

  /**
   * Phase one, with the workspace's dynamic partition sets, against which a {@code dynamic}
   * dimension's value is checked (decisions §6.5).
   *
   * @throws FlowException {@code InvalidRequest} with the contract's message
   */
  public ValidatedTrigger validate(
      TriggerRequest request, Supplier<Optional<Manifest>> latestManifest, DynamicMembers members) {
    return validate(request, latestManifest, true, members);
  }

  /**
   * Validation of {@code POST /runs/run-key/backfill} (api-contract §3.8): the trigger's checks
   * and partition resolution, except that reserved lineage labels are not refused (quirk kept),
   * giving the primary fingerprint of the request. The request must carry its run key.
   */
  public ValidatedTrigger validateForRunKeyBackfill(
      TriggerRequest request, Supplier<Optional<Manifest>> latestManifest) {
    return validateForRunKeyBackfill(request, latestManifest, DynamicMembers.NONE);
  }

  /** {@link #validateForRunKeyBackfill(TriggerRequest, Supplier)} with the dynamic sets. */
  public ValidatedTrigger validateForRunKeyBackfill(
      TriggerRequest request, Supplier<Optional<Manifest>> latestManifest, DynamicMembers members) {
    if (request.runKey().isEmpty()) {
      throw new IllegalArgumentException("run-key backfill needs a run key");
    }
    return validate(request, latestManifest, false, members);
  }

  private ValidatedTrigger validate(
      TriggerRequest request,
      Supplier<Optional<Manifest>> latestManifest,
      boolean reservedLabels,
      DynamicMembers members) {
    if (request.selection().isEmpty()) {
      throw FlowException.invalid("selection cannot be empty");
    }
    checkLimits(request);
    if (reservedLabels) {
      checkReservedLabels(request);
    }
    Optional<Manifest> manifest = Optional.empty();
    Optional<ResolvedPartition> partition = Optional.empty();
    List<String> roots;
    if (PartitionResolver.requested(request.partitionKey(), request.partitions())) {
      Manifest m = requireManifest(latestManifest.get());
      manifest = Optional.of(m);
      roots = canonicalRoots(request.selection());
      requireKnownRoots(roots, m);
      PartitionSpec spec = sharedPartitioning(roots, m);
      partition = resolver.resolve(request.partitionKey(), request.partitions(), spec, members);
    } else if (request.runKey().isPresent()) {
      roots = canonicalRoots(request.selection());
    } else {
      Manifest m = requireManifest(latestManifest.get());
      manifest = Optional.of(m);
      roots = canonicalRoots(request.selection());
      requireKnownRoots(roots, m);
    }
    Optional<String> partitionKey = partition.map(ResolvedPartition::canonicalKey);
    Optional<String> fingerprint =
        request
            .runKey()
            .map(
                k ->
                    TriggerFingerprint.primary(
                        roots,
                        request.includeUpstream(),
                        request.includeDownstream(),
                        partitionKey,
                        request.labels()));
    return new ValidatedTrigger(
        roots,
        request.includeUpstream(),
        request.includeDownstream(),
        partition,
        request.runKey(),
        request.labels(),
        fingerprint,
        manifest);
  }

  /**
   * The manifest to plan against: the one validation loaded, else the latest (step 9 "load the plan
   * context if not yet loaded").
   *
   * @throws FlowException {@code no manifest deployed for workspace; deploy a manifest before
   *     triggering a run}
   */
  public static Manifest manifestFor(
      ValidatedTrigger trigger, Supplier<Optional<Manifest>> latestManifest) {
    return trigger.manifest().orElseGet(() -> requireManifest(latestManifest.get()));
  }

  /**
   * The latest manifest or the contract's 400 (api-contract §2.4 step 3).
   *
   * @throws FlowException {@code no manifest deployed for workspace; deploy a manifest before
   *     triggering a run}
   */
  public static Manifest requireManifest(Optional<Manifest> latest) {
    return latest.orElseThrow(() -> FlowException.invalid(NO_MANIFEST));
  }

  /**
   * Phase two (step 9, api-contract §7.2): the tasks of the run, sorted by key. One task per
   * planned asset with {@code key = assetKey =} the canonical key, {@code dependsOn} = its planned
   * upstreams (sorted), the resolved partition key, {@code requiresVisibleOutput = true}, and the
   * asset's execution settings: {@code maxAttempts}, {@code heartbeatTimeoutSec}, {@code
   * retryBackoffSec}/{@code retryMaxBackoffSec} (empty when 30/900, decisions §6.2) and {@code
   * workerQueue} (empty when absent or {@code default-queue}).
   *
   * @throws FlowException {@code unknown asset keys: a, b} when a root is not in {@code manifest}
   */
  public List<TaskDef> plan(ValidatedTrigger trigger, Manifest manifest) {
    AssetGraph graph = AssetGraph.of(manifest);
    requireKnownRoots(trigger.roots(), graph::contains);
    Map<String, ManifestAsset> byKey = new HashMap<>();
    manifest.assets().forEach(a -> byKey.put(a.key(), a));
    List<String> planned =
        graph.closure(trigger.roots(), trigger.includeUpstream(), trigger.includeDownstream());
    // Every node planned (a whole-graph run): each node's upstreams are all planned.
    boolean whole = planned.size() == graph.size();
    Set<String> plannedSet = whole ? Set.of() : new HashSet<>(planned);
    List<TaskDef> tasks = new ArrayList<>(planned.size());
    for (String key : planned) {
      List<String> upstreams = graph.sortedUpstreams(key);
      List<String> deps = whole ? upstreams : upstreams.stream().filter(plannedSet::contains).toList();
      tasks.add(task(key, deps, trigger.partitionKey(), byKey.get(key).execution()));
    }
    return List.copyOf(tasks);
  }

  static TaskDef task(
      String key, List<String> dependsOn, Optional<String> partitionKey, ExecutionSpec execution) {
    RetryPolicy retry = execution.retry();
    Optional<Integer> backoff =
        retry.backoffSeconds() == RetryPolicy.DEFAULT_BACKOFF_SECONDS
            ? Optional.empty()
            : Optional.of(retry.backoffSeconds());
    Optional<Integer> maxBackoff =
        retry.maxBackoffSeconds() == RetryPolicy.DEFAULT_MAX_BACKOFF_SECONDS
            ? Optional.empty()
            : Optional.of(retry.maxBackoffSeconds());
    Optional<String> queue = execution.queue().filter(q -> !q.equals(TaskDef.DEFAULT_QUEUE));
    return TaskDef.of(key, dependsOn)
        .withPartitionKey(partitionKey)
        .withRetry(retry.maxAttempts(), backoff, maxBackoff)
        .withHeartbeatTimeoutSec(execution.heartbeatTimeoutSeconds())
        .withWorkerQueue(queue);
  }

  private static void checkLimits(TriggerRequest r) {
    RequestLimits.selection(r.selection());
    RequestLimits.labels(r.labels());
    RequestLimits.partitions(r.partitions());
    RequestLimits.runKey(r.runKey());
    RequestLimits.partitionKey(r.partitionKey());
  }

  private static void checkReservedLabels(TriggerRequest r) {
    RequestLimits.reservedLabels(r.labels());
  }

  /** Canonicalises each item in request order (first failure wins); sorted and distinct. */
  static List<String> canonicalRoots(List<String> selection) {
    TreeSet<String> roots = new TreeSet<>();
    for (String item : selection) {
      roots.add(AssetKeys.canonicalize(item));
    }
    return List.copyOf(roots);
  }

  private static void requireKnownRoots(List<String> roots, Manifest manifest) {
    requireKnownRoots(roots, manifest.assetKeys()::contains);
  }

  private static void requireKnownRoots(List<String> roots, java.util.function.Predicate<String> known) {
    List<String> unknown = roots.stream().filter(r -> !known.test(r)).toList();
    if (!unknown.isEmpty()) {
      throw FlowException.invalid("unknown asset keys: " + String.join(", ", unknown));
    }
  }

  /** Every root partitioned (first unpartitioned root by key wins), then all identical. */
  private static PartitionSpec sharedPartitioning(List<String> roots, Manifest manifest) {
    Map<String, PartitionSpec> specs = new HashMap<>();
    manifest.assets().forEach(a -> specs.put(a.key(), a.partitioning()));
    for (String root : roots) {
      if (!specs.get(root).partitioned()) {
        throw FlowException.invalid("partition key provided for unpartitioned asset: " + root);
      }
    }
    PartitionSpec first = specs.get(roots.get(0));
    for (String root : roots) {
      if (!specs.get(root).compatibleWith(first)) {
        throw FlowException.invalid("partitioned root assets must share identical partitioning");
      }
    }
    return first;
  }
}
