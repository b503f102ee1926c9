package io.arco.flow.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.TaskDef;
import io.arco.flow.model.RerunMode;
import io.arco.flow.model.RerunRequest;
import io.arco.flow.model.Utf8Order;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Validation and planning of {@code POST /runs/{id}/rerun} (api-contract §3.4, §7.3; flow-model
 * part 3 §4), in two phases around the engine's parent lookup:
 *
 * <ol>
 *   <li>{@link #validateRequest} runs step 1: label limits, selection limits, run key length, then
 *       the reserved lineage labels ({@link RequestLimits}, shared with {@link TriggerPlanner});
 *   <li>the engine answers 404 {@code run not found: {id}} for a missing parent (step 2);
 *   <li>{@link #plan} runs steps 3–9 against the parent's fold rows: the selection (every
 *       unsucceeded task for {@code fromFailure}; the closure of the canonical selection over the
 *       parent's task graph for {@code subset}), the task definitions copied from the parent, the
 *       lineage labels, the run key and the request fingerprint. The current manifest is never
 *       consulted.
 * </ol>
 *
 * Pure and deterministic: the result does not depend on the order of the parent's tasks, edges or
 * the request's selection. Strings sort in UTF-8 byte order (the reference's {@code BTreeSet}).
 */
public final class RerunPlanner {
  private RerunPlanner() {}

  /**
   * Step 1: label limits, selection limits (whatever the mode) and run key length with the messages
   * of api-contract §3.1 step 4, then {@code labels cannot include reserved keys: …} with the
   * offending keys in the order {@code arco.parent_run_id, arco.rerun.kind}.
   *
   * @throws FlowException {@code InvalidRequest} with the contract's message
   */
  public static void validateRequest(RerunRequest request) {
    RequestLimits.labels(request.labels());
    RequestLimits.selection(request.selection());
    RequestLimits.runKey(request.runKey());
    RequestLimits.reservedLabels(request.labels());
  }

  /**
   * Steps 3–9, in the contract's order: {@code fromFailure} on a parent whose fold state is not
   * FAILED is a 409; a parent without tasks is a 409; for {@code subset} an empty selection, an
   * item that does not canonicalise (the first in request order) and canonical keys that are not
   * parent task keys (sorted, distinct) are 400s; an empty selected set is a 400. The lineage
   * labels overwrite request labels of the same name ({@link #validateRequest} has refused those).
   *
   * @throws FlowException {@code Conflict} or {@code InvalidRequest} with the contract's message
   */
  public static PlannedRerun plan(RerunRequest request, ParentRun parent) {
    RerunMode mode = request.mode();
    if (mode == RerunMode.FROM_FAILURE && !parent.foldFailed()) {
      throw FlowException.conflict("rerun-from-failure requires a FAILED parent run");
    }
    if (parent.tasks().isEmpty()) {
      throw FlowException.conflict("parent run has no plan; cannot rerun");
    }
    Map<String, ParentTask> byKey = new HashMap<>();
    parent.tasks().forEach(t -> byKey.put(t.key(), t));
    AssetGraph graph = taskGraph(parent, byKey.keySet());

    List<String> roots;
    List<String> selected;
    boolean includeUpstream;
    boolean includeDownstream;
    if (mode == RerunMode.FROM_FAILURE) {
      selected =
          sorted(parent.tasks().stream().filter(t -> !t.succeeded()).map(ParentTask::key).toList());
      roots = selected;
      includeUpstream = false;
      includeDownstream = false;
    } else {
      roots = subsetRoots(request.selection(), byKey.keySet());
      includeUpstream = request.includeUpstream();
      includeDownstream = request.includeDownstream();
      selected = sorted(graph.closure(roots, includeUpstream, includeDownstream));
    }
    if (selected.isEmpty()) {
      throw FlowException.invalid("rerun selection is empty");
    }

    Set<String> selectedSet = new HashSet<>(selected);
    List<TaskDef> tasks = new ArrayList<>();
    List<String> partitions = new ArrayList<>();
    for (String key : selected) {
      TaskDef def = byKey.get(key).def();
      tasks.add(
          def.withDependsOn(
              sorted(graph.upstreams(key).stream().filter(selectedSet::contains).toList())));
      def.partitionKey().filter(pk -> !pk.isEmpty()).ifPresent(partitions::add);
    }
    List<String> partitionKeys = sorted(partitions);

    TreeMap<String, String> labels = new TreeMap<>(Utf8Order.COMPARATOR);
    labels.putAll(request.labels());
    labels.put(RequestLimits.PARENT_RUN_LABEL, parent.runId());
    labels.put(RequestLimits.RERUN_KIND_LABEL, mode.kind());

    String runKey =
        request
            .runKey()
            .orElseGet(() -> derivedRunKey(parent.runId(), mode, selected, partitionKeys));
    String fingerprint =
        requestFingerprint(
            parent.runId(),
            mode,
            roots,
            includeUpstream,
            includeDownstream,
            selected,
            partitionKeys,
            labels);
    return new PlannedRerun(
        mode,
        roots,
        selected,
        tasks,
        labels,
        runKey,
        fingerprint,
        partitionKeys,
        mode.reason(),
        parent.codeVersion());
  }

  /**
   * The default run key of a rerun (api-contract §3.4 step 8): {@code
   * rerun:{parentRunId}:{from_failure|subset}:{h}} where {@code h} is the first 16 hex digits of
   * the SHA-256 of the compact JSON {@code {"parent_run_id", "rerun_kind", "selected_tasks",
   * "partition_keys"}} (lists sorted and distinct).
   */
  public static String derivedRunKey(
      String parentRunId,
      RerunMode mode,
      Collection<String> selectedTasks,
      Collection<String> partitionKeys) {
    ObjectNode doc = PlanJson.object();
    doc.put("parent_run_id", parentRunId);
    doc.put("rerun_kind", mode.kind());
    doc.set("selected_tasks", sortedArray(selectedTasks));
    doc.set("partition_keys", sortedArray(partitionKeys));
    return "rerun:"
        + parentRunId
        + ":"
        + mode.keySegment()
        + ":"
        + PlanJson.sha256Hex(doc).substring(0, 16);
  }

  /**
   * The rerun request fingerprint (api-contract §3.4 step 9): lower-case hex SHA-256 of the compact
   * JSON {@code {"parent_run_id", "rerun_kind", "roots", "include_upstream", "include_downstream",
   * "selected_tasks", "partition_keys", "labels"}} with every list sorted and distinct and the
   * labels (lineage labels included) sorted by key.
   */
  public static String requestFingerprint(
      String parentRunId,
      RerunMode mode,
      Collection<String> roots,
      boolean includeUpstream,
      boolean includeDownstream,
      Collection<String> selectedTasks,
      Collection<String> partitionKeys,
      Map<String, String> labels) {
    ObjectNode doc = PlanJson.object();
    doc.put("parent_run_id", parentRunId);
    doc.put("rerun_kind", mode.kind());
    doc.set("roots", sortedArray(roots));
    doc.put("include_upstream", includeUpstream);
    doc.put("include_downstream", includeDownstream);
    doc.set("selected_tasks", sortedArray(selectedTasks));
    doc.set("partition_keys", sortedArray(partitionKeys));
    TreeMap<String, String> sortedLabels = new TreeMap<>(Utf8Order.COMPARATOR);
    sortedLabels.putAll(labels);
    ObjectNode labelNode = doc.putObject("labels");
    sortedLabels.forEach(labelNode::put);
    return PlanJson.sha256Hex(doc);
  }

  /**
   * The parent's task graph: every task a node, every edge whose two ends are tasks (api-contract
   * §7.3; flow-model part 3 §4.3).
   */
  private static AssetGraph taskGraph(ParentRun parent, Set<String> taskKeys) {
    Map<String, List<String>> upstreams = new HashMap<>();
    taskKeys.forEach(k -> upstreams.put(k, new ArrayList<>()));
    for (ParentEdge edge : parent.edges()) {
      if (taskKeys.contains(edge.upstream()) && taskKeys.contains(edge.downstream())) {
        upstreams.get(edge.downstream()).add(edge.upstream());
      }
    }
    // The graph keeps upstreams in first-mention order; sort them so edge order cannot leak.
    upstreams.values().forEach(l -> l.sort(Utf8Order.COMPARATOR));
    return AssetGraph.of(upstreams);
  }

  /** The canonical subset roots (sorted, distinct) or the contract's 400. */
  private static List<String> subsetRoots(List<String> selection, Set<String> taskKeys) {
    if (selection.isEmpty()) {
      throw FlowException.invalid("selection cannot be empty");
    }
    List<String> canonical = new ArrayList<>();
    for (String item : selection) {
      canonical.add(AssetKeys.canonicalize(item));
    }
    List<String> roots = sorted(canonical);
    List<String> unknown = roots.stream().filter(k -> !taskKeys.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw FlowException.invalid("unknown task keys: " + String.join(", ", unknown));
    }
    return roots;
  }

  /** Sorted in UTF-8 byte order, distinct, immutable. */
  private static List<String> sorted(Collection<String> keys) {
    TreeSet<String> set = new TreeSet<>(Utf8Order.COMPARATOR);
    set.addAll(keys);
    return List.copyOf(set);
  }

  private static ArrayNode sortedArray(Collection<String> items) {
    ArrayNode out = PlanJson.array();
    sorted(items).forEach(out::add);
    return out;
  }
}
