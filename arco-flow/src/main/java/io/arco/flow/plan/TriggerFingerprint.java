package io.arco.flow.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.Utf8Order;
import io.arco.flow.plan.PartitionValue.DateValue;
import io.arco.flow.plan.PartitionValue.StringValue;
import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The trigger request fingerprint of api-contract §5.2 / flow-model part 3 §3.3: lower-case hex
 * SHA-256 of compact JSON with snake_case members in the order {@code selection, include_upstream,
 * include_downstream, partition_key, labels} ({@code partition_key} omitted when the request has no
 * partition; selection canonical, sorted and de-duplicated; labels sorted; UTF-8 byte order
 * throughout, non-ASCII raw). The run key is not part of it. {@link #variants} is the legacy
 * equivalence set a stored fingerprint may match.
 */
public final class TriggerFingerprint {
  private static final String TRIMMED_MICROS = ".000000Z";

  private TriggerFingerprint() {}

  /**
   * The primary fingerprint.
   *
   * @param selection canonical asset keys, in any order, duplicates allowed
   * @param partitionKey the resolved canonical partition key, if any
   */
  public static String primary(
      Collection<String> selection,
      boolean includeUpstream,
      boolean includeDownstream,
      Optional<String> partitionKey,
      Map<String, String> labels) {
    ObjectNode doc = head(selection, includeUpstream, includeDownstream);
    partitionKey.ifPresent(pk -> doc.put("partition_key", pk));
    doc.set("labels", labels(labels));
    return PlanJson.sha256Hex(doc);
  }

  /**
   * Every fingerprint that counts as equal to this request's (api-contract §5.2), sorted and
   * de-duplicated; the primary is one of them. With a partition they are, for each partition-key
   * variant {@code pk} (the canonical key; when every dimension is a string, date or timestamp,
   * that key with dates and timestamps rewritten as {@code s:} strings, every {@code .000000Z}
   * timestamp both full and trimmed to {@code Z}, in every combination; and the requested key when
   * normalisation changed it): the primary layout with {@code partition_key = pk} and the legacy
   * layout {@code {selection, include_upstream, include_downstream, partitions: [], partition_key:
   * pk, labels}}; plus the legacy {@code partitions} layout (no {@code partition_key}, pairs sorted
   * by key then value) built from the request's pairs, or, for the {@code partitionKey} form, from
   * each variant whose dimensions are all strings.
   */
  public static SortedSet<String> variants(
      Collection<String> selection,
      boolean includeUpstream,
      boolean includeDownstream,
      Optional<ResolvedPartition> partition,
      Map<String, String> labels) {
    TreeSet<String> out = new TreeSet<>();
    out.add(
        primary(
            selection,
            includeUpstream,
            includeDownstream,
            partition.map(ResolvedPartition::canonicalKey),
            labels));
    if (partition.isEmpty()) {
      return Collections.unmodifiableSortedSet(out);
    }
    ResolvedPartition resolved = partition.get();
    SequencedSet<PartitionKey> keys = new LinkedHashSet<>();
    keys.add(resolved.key());
    keys.addAll(stringForms(resolved.key()));
    if (!resolved.requested().equals(resolved.key())) {
      keys.add(resolved.requested());
    }
    for (PartitionKey pk : keys) {
      out.add(
          primary(
              selection, includeUpstream, includeDownstream, Optional.of(pk.canonical()), labels));
      ObjectNode legacy = head(selection, includeUpstream, includeDownstream);
      legacy.set("partitions", PlanJson.array());
      legacy.put("partition_key", pk.canonical());
      legacy.set("labels", labels(labels));
      out.add(PlanJson.sha256Hex(legacy));
    }
    List<List<PartitionPair>> pairLists = new ArrayList<>();
    if (!resolved.pairs().isEmpty()) {
      pairLists.add(resolved.pairs());
    } else {
      for (PartitionKey pk : keys) {
        if (pk.dimensions().values().stream().allMatch(v -> v instanceof StringValue)) {
          List<PartitionPair> pairs = new ArrayList<>();
          pk.dimensions()
              .forEach((k, v) -> pairs.add(new PartitionPair(k, ((StringValue) v).value())));
          pairLists.add(pairs);
        }
      }
    }
    for (List<PartitionPair> pairs : pairLists) {
      ObjectNode legacy = head(selection, includeUpstream, includeDownstream);
      ArrayNode list = legacy.putArray("partitions");
      pairs.stream()
          .sorted(
              Comparator.comparing(PartitionPair::key, Utf8Order.COMPARATOR)
                  .thenComparing(PartitionPair::value, Utf8Order.COMPARATOR))
          .forEach(p -> list.addObject().put("key", p.key()).put("value", p.value()));
      legacy.set("labels", labels(labels));
      out.add(PlanJson.sha256Hex(legacy));
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /**
   * The "time as string" forms of a key; empty unless every dimension is a string, date or
   * timestamp.
   */
  private static List<PartitionKey> stringForms(PartitionKey key) {
    List<Map<String, PartitionValue>> forms = new ArrayList<>();
    forms.add(new TreeMap<>());
    for (Map.Entry<String, PartitionValue> e : key.dimensions().entrySet()) {
      List<StringValue> options = new ArrayList<>();
      switch (e.getValue()) {
        case StringValue s -> options.add(s);
        case DateValue d -> options.add(new StringValue(d.text()));
        case TimestampValue t -> {
          String text = t.text();
          options.add(new StringValue(text));
          if (text.endsWith(TRIMMED_MICROS)) {
            options.add(
                new StringValue(text.substring(0, text.length() - TRIMMED_MICROS.length()) + "Z"));
          }
        }
        default -> {
          return List.of();
        }
      }
      List<Map<String, PartitionValue>> next = new ArrayList<>();
      for (Map<String, PartitionValue> form : forms) {
        for (StringValue option : options) {
          Map<String, PartitionValue> extended = new TreeMap<>(form);
          extended.put(e.getKey(), option);
          next.add(extended);
        }
      }
      forms = next;
    }
    return forms.stream().map(PartitionKey::of).toList();
  }

  private static ObjectNode head(
      Collection<String> selection, boolean includeUpstream, boolean includeDownstream) {
    ObjectNode doc = PlanJson.object();
    ArrayNode items = doc.putArray("selection");
    TreeSet<String> sorted = new TreeSet<>(Utf8Order.COMPARATOR);
    sorted.addAll(selection);
    sorted.forEach(items::add);
    doc.put("include_upstream", includeUpstream);
    doc.put("include_downstream", includeDownstream);
    return doc;
  }

  private static ObjectNode labels(Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    ObjectNode out = PlanJson.object();
    sorted.forEach(out::put);
    return out;
  }
}
