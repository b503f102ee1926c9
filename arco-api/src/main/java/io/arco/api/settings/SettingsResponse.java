package io.arco.api.settings;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET} and {@code PUT /settings} (decisions §6.6): {@code maxConcurrentRuns} is omitted when
 * unset; {@code labelLimits} is always present, in (label, no value first, value) order.
 */
public record SettingsResponse(Optional<Integer> maxConcurrentRuns, List<LabelLimitJson> labelLimits) {

  /** One label limit; {@code value} is omitted for a limit on every value of the label. */
  public record LabelLimitJson(String label, Optional<String> value, int limit) {}
}
