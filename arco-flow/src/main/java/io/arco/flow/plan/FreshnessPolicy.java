package io.arco.flow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.error.FlowException;
import java.time.Duration;
import java.util.Optional;

/**
 * An asset's freshness rule (flow-model part 4 §5.1), from its manifest member {@code
 * freshnessPolicy: {maximumLagMinutes}}: a materialization older than the lag makes the asset (or
 * each partition) stale with reason {@code FRESHNESS_POLICY}. Optional; an asset without it has no
 * freshness rule (the reference's 1440-minute default is not applied implicitly). Unknown members
 * are ignored; a JSON {@code null} counts as absent. {@link #from} refuses bad values with 400
 * {@code asset '{assetKey}' has invalid freshnessPolicy: <reason>}, reasons {@code must be an
 * object} and {@code maximumLagMinutes must be an integer between 1 and 2147483647}.
 */
public record FreshnessPolicy(int maximumLagMinutes) {

  public FreshnessPolicy {
    if (maximumLagMinutes < 1) {
      throw new IllegalArgumentException("maximumLagMinutes must be >= 1");
    }
  }

  /** The lag as a duration. */
  public Duration maximumLag() {
    return Duration.ofMinutes(maximumLagMinutes);
  }

  /**
   * Reads an asset's {@code freshnessPolicy} value.
   *
   * @param assetKey the canonical asset key, for messages
   * @throws FlowException {@code InvalidRequest} with the messages listed on this type
   */
  public static Optional<FreshnessPolicy> from(String assetKey, Optional<JsonNode> value) {
    if (value.isEmpty() || value.get().isNull() || value.get().isMissingNode()) {
      return Optional.empty();
    }
    JsonNode node = value.get();
    if (!node.isObject()) {
      throw invalid(assetKey, "must be an object");
    }
    JsonNode lag = node.get("maximumLagMinutes");
    if (lag == null
        || !lag.isIntegralNumber()
        || !lag.canConvertToInt()
        || lag.intValue() < 1) {
      throw invalid(assetKey, "maximumLagMinutes must be an integer between 1 and 2147483647");
    }
    return Optional.of(new FreshnessPolicy(lag.intValue()));
  }

  private static FlowException invalid(String assetKey, String reason) {
    return FlowException.invalid(
        "asset '" + assetKey + "' has invalid freshnessPolicy: " + reason);
  }
}
