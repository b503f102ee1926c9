package io.arco.flow.model;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One per-label concurrency limit of a workspace (decisions §2.7): at most {@code limit} runs whose
 * labels carry {@code label} (and, when {@code value} is given, carry it with exactly that value)
 * are in progress at a time. Without a value, every run having the label key counts, whatever its
 * value.
 */
public record LabelLimit(String label, Optional<String> value, int limit) {
  /** The canonical order of a settings document: label, then no value before any value, then value. */
  public static final Comparator<LabelLimit> ORDER =
      Comparator.comparing(LabelLimit::label)
          .thenComparing(l -> l.value().orElse(""))
          .thenComparing(l -> l.value().isPresent());

  public LabelLimit {
    Objects.requireNonNull(label, "label");
    value = value == null ? Optional.empty() : value;
  }

  /** Whether a run with these labels counts against this limit. */
  public boolean matches(Map<String, String> labels) {
    String v = labels.get(label);
    return v != null && value.map(v::equals).orElse(true);
  }
}
