package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.PartitionPair;
import io.arco.flow.model.Utf8Order;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The request size limits and reserved-label check shared by trigger and rerun (api-contract §3.1
 * steps 4–5, §3.4 step 1), one method per limit group so each caller keeps its contract order, and
 * the identifier rule every command applies to the identifier-like strings it stores (decisions
 * §7.5, {@link #identifier}). Lengths are UTF-8 byte lengths; labels are checked per label in UTF-8
 * byte order of the keys, key before value, each for its length and then for control characters;
 * partition pairs in request order, key before value. Failures are {@code InvalidRequest}s (400)
 * with the contract's exact messages, or decisions §7.5's where the contract has none.
 */
public final class RequestLimits {
  /** The lineage label naming a rerun's parent run. */
  static final String PARENT_RUN_LABEL = "arco.parent_run_id";

  /** The lineage label holding a rerun's kind ({@code FROM_FAILURE} or {@code SUBSET}). */
  static final String RERUN_KIND_LABEL = "arco.rerun.kind";

  /** Labels only the engine may set (lineage of reruns), in the order the error lists them. */
  static final List<String> RESERVED_LABELS = List.of(PARENT_RUN_LABEL, RERUN_KIND_LABEL);

  private static final int MAX_SELECTION_ITEMS = 10_000;
  private static final int MAX_SELECTION_ITEM_BYTES = 256;
  private static final int MAX_LABELS = 128;

  /** The contract's limit of a run label key (api-contract §3.1). */
  public static final int MAX_LABEL_KEY_BYTES = 128;

  /** The contract's limit of a run label value (api-contract §3.1). */
  public static final int MAX_LABEL_VALUE_BYTES = 2048;

  private static final int MAX_PARTITIONS = 128;
  private static final int MAX_PARTITION_KEY_BYTES = 64;
  private static final int MAX_PARTITION_VALUE_BYTES = 256;
  private static final int MAX_RUN_KEY_BYTES = 256;

  /**
   * The length limit of an identifier the API stores (decisions §7.5) where the contract sets none:
   * {@code codeVersionId}, {@code manifestVersion}, {@code clientRequestId}, {@code messageId},
   * {@code workerId}, dynamic partition set members, schedule and sensor ids.
   */
  public static final int MAX_IDENTIFIER_BYTES = 256;

  private RequestLimits() {}

  /**
   * The identifier rule of decisions §7.5: at most {@value #MAX_IDENTIFIER_BYTES} UTF-8 bytes and
   * no control character.
   *
   * @param field how the message names the value (its request field or path)
   * @throws FlowException 400 {@code {field} must be at most 256 bytes}, then {@code {field}
   *     contains a control character}
   */
  public static void identifier(String field, String value) {
    identifier(field, value, MAX_IDENTIFIER_BYTES);
  }

  /**
   * The identifier rule with the contract's own limit for the value (decisions §7.5: "unless the
   * contract sets another limit"), e.g. {@link #MAX_LABEL_KEY_BYTES} for a label.
   *
   * @throws FlowException 400 {@code {field} must be at most {maxBytes} bytes}, then {@code {field}
   *     contains a control character}
   */
  public static void identifier(String field, String value, int maxBytes) {
    if (Utf8Order.byteLength(value) > maxBytes) {
      throw FlowException.invalid(field + " must be at most " + maxBytes + " bytes");
    }
    noControlCharacter(field, value);
  }

  /**
   * Refuses a value holding a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F;
   * NUL, tab and line breaks included), decisions §7.5.
   *
   * @throws FlowException 400 {@code {field} contains a control character}
   */
  private static void noControlCharacter(String field, String value) {
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      throw FlowException.invalid(field + " contains a control character");
    }
  }

  /**
   * A run key derived as {@code prefix + value} from an identifier (decisions §7.5, e.g. a push
   * sensor's {@code sensor:{sensorId}:msg:{messageId}}) must fit the run-key limit of 256 bytes.
   *
   * @param field the request field {@code value} came from
   * @throws FlowException 400 {@code {field} must be at most {n} bytes: the run key
   *     {prefix}{{field}} is limited to 256 bytes}, {@code n} being what the prefix leaves
   */
  public static void derivedRunKey(String field, String prefix, String value) {
    int prefixBytes = Utf8Order.byteLength(prefix);
    if (prefixBytes + Utf8Order.byteLength(value) > MAX_RUN_KEY_BYTES) {
      throw FlowException.invalid(
          field
              + " must be at most "
              + Math.max(0, MAX_RUN_KEY_BYTES - prefixBytes)
              + " bytes: the run key "
              + prefix
              + "{"
              + field
              + "} is limited to "
              + MAX_RUN_KEY_BYTES
              + " bytes");
    }
  }

  /** At most 10000 items, each at most 256 bytes. */
  static void selection(List<String> selection) {
    if (selection.size() > MAX_SELECTION_ITEMS) {
      throw FlowException.invalid("selection exceeds max items (10000)");
    }
    for (String item : selection) {
      if (Utf8Order.byteLength(item) > MAX_SELECTION_ITEM_BYTES) {
        throw FlowException.invalid("selection item exceeds max length (256)");
      }
    }
  }

  /**
   * At most 128 labels, keys at most 128 bytes, values at most 2048 bytes (the contract's limits),
   * neither with a control character (decisions §7.5: {@code label key contains a control
   * character}, {@code label value contains a control character}).
   */
  static void labels(Map<String, String> labels) {
    if (labels.size() > MAX_LABELS) {
      throw FlowException.invalid("labels exceed max properties (128)");
    }
    TreeMap<String, String> sorted = new TreeMap<>(Utf8Order.COMPARATOR);
    sorted.putAll(labels);
    for (Map.Entry<String, String> label : sorted.entrySet()) {
      if (Utf8Order.byteLength(label.getKey()) > MAX_LABEL_KEY_BYTES) {
        throw FlowException.invalid("label key exceeds max length (128)");
      }
      noControlCharacter("label key", label.getKey());
      if (Utf8Order.byteLength(label.getValue()) > MAX_LABEL_VALUE_BYTES) {
        throw FlowException.invalid("label value exceeds max length (2048)");
      }
      noControlCharacter("label value", label.getValue());
    }
  }

  /** At most 128 legacy partition pairs, keys at most 64 bytes, values at most 256 bytes. */
  static void partitions(List<PartitionPair> partitions) {
    if (partitions.size() > MAX_PARTITIONS) {
      throw FlowException.invalid("partitions exceed max items (128)");
    }
    for (PartitionPair pair : partitions) {
      if (Utf8Order.byteLength(pair.key()) > MAX_PARTITION_KEY_BYTES) {
        throw FlowException.invalid("partition key exceeds max length (64)");
      }
      if (Utf8Order.byteLength(pair.value()) > MAX_PARTITION_VALUE_BYTES) {
        throw FlowException.invalid("partition value exceeds max length (256)");
      }
    }
  }

  /** A run key of at most 256 bytes without a control character (decisions §7.5). */
  static void runKey(Optional<String> runKey) {
    if (runKey.isPresent() && Utf8Order.byteLength(runKey.get()) > MAX_RUN_KEY_BYTES) {
      throw FlowException.invalid("runKey exceeds max length (256)");
    }
    runKey.ifPresent(k -> noControlCharacter("runKey", k));
  }

  /** A canonical partition key of at most 1024 bytes. */
  static void partitionKey(Optional<String> partitionKey) {
    if (partitionKey.isPresent()
        && Utf8Order.byteLength(partitionKey.get()) > PartitionResolver.MAX_KEY_BYTES) {
      throw FlowException.invalid("partitionKey exceeds max length (1024)");
    }
  }

  /**
   * No reserved lineage label: {@code labels cannot include reserved keys: …} listing the offending
   * keys in {@link #RESERVED_LABELS} order, joined by {@code ", "}.
   */
  static void reservedLabels(Map<String, String> labels) {
    List<String> reserved = RESERVED_LABELS.stream().filter(labels::containsKey).toList();
    if (!reserved.isEmpty()) {
      throw FlowException.invalid(
          "labels cannot include reserved keys: " + String.join(", ", reserved));
    }
  }
}
