package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.LabelLimit;
import io.arco.flow.model.WorkspaceSettings;
import io.arco.flow.plan.RequestLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code PUT /settings} document as sent (decisions §6.6), with the api's type checks done and
 * the value checks still to do: integers arrive as {@code long} so that a value out of range is the
 * 400 of {@link #validate()} rather than an overflow.
 */
public record WorkspaceSettingsRequest(Optional<Long> maxConcurrentRuns, List<Limit> labelLimits) {
  /** One {@code labelLimits} entry as sent. */
  public record Limit(String label, Optional<String> value, long limit) {
    public Limit {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }
  }

  public WorkspaceSettingsRequest {
    Objects.requireNonNull(maxConcurrentRuns, "maxConcurrentRuns");
    labelLimits = List.copyOf(labelLimits);
  }

  /**
   * The settings this document sets, label limits in canonical order.
   *
   * @throws FlowException 400 naming the field: {@code maxConcurrentRuns must be >= 1}, {@code
   *     labelLimits[i].label must not be empty}, the identifier rule of decisions §7.5 with the
   *     contract's label limits ({@code labelLimits[i].label must be at most 128 bytes}, {@code
   *     labelLimits[i].value must be at most 2048 bytes}, {@code labelLimits[i].label contains a
   *     control character}, likewise for the value), {@code labelLimits[i].limit must be >= 1}, {@code
   *     … must be <= 2147483647}, or {@code labelLimits[j] repeats labelLimits[i] (label '…', value
   *     '…' | no value)}
   */
  public WorkspaceSettings validate() {
    Optional<Integer> max = maxConcurrentRuns.map(v -> positiveInt("maxConcurrentRuns", v));
    List<LabelLimit> limits = new ArrayList<>(labelLimits.size());
    Map<Map.Entry<String, Optional<String>>, Integer> seen = new HashMap<>();
    for (int i = 0; i < labelLimits.size(); i++) {
      Limit l = labelLimits.get(i);
      String field = "labelLimits[" + i + "]";
      if (l.label().isEmpty()) {
        throw FlowException.invalid(field + ".label must not be empty");
      }
      RequestLimits.identifier(field + ".label", l.label(), RequestLimits.MAX_LABEL_KEY_BYTES);
      l.value()
          .ifPresent(
              v ->
                  RequestLimits.identifier(
                      field + ".value", v, RequestLimits.MAX_LABEL_VALUE_BYTES));
      LabelLimit limit = new LabelLimit(l.label(), l.value(), positiveInt(field + ".limit", l.limit()));
      Integer first = seen.putIfAbsent(Map.entry(l.label(), l.value()), i);
      if (first != null) {
        throw FlowException.invalid(
            field
                + " repeats labelLimits["
                + first
                + "] (label '"
                + l.label()
                + "', "
                + l.value().map(v -> "value '" + v + "'").orElse("no value")
                + ")");
      }
      limits.add(limit);
    }
    return new WorkspaceSettings(max, limits);
  }

  private static int positiveInt(String field, long value) {
    if (value < 1) {
      throw FlowException.invalid(field + " must be >= 1");
    }
    if (value > Integer.MAX_VALUE) {
      throw FlowException.invalid(field + " must be <= " + Integer.MAX_VALUE);
    }
    return (int) value;
  }
}
