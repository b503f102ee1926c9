package io.arco.flow.event;

import io.arco.flow.model.SensorKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sensor definition from the manifest (decisions §2.9, an Arco addition to the catalogue): its
 * kind, the assets its runs materialise and, for poll sensors, the minimum interval between
 * evaluations. Key {@code sensor_def_manifest:{manifestId}:{sensorId}}.
 */
public record SensorDefinitionUpserted(
    String sensorId,
    SensorKind kind,
    List<String> assetSelection,
    int minIntervalSeconds,
    Optional<String> codeVersion)
    implements Event {
  public SensorDefinitionUpserted {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(kind, "kind");
    assetSelection = assetSelection == null ? List.of() : List.copyOf(assetSelection);
    codeVersion = codeVersion == null ? Optional.empty() : codeVersion;
  }
}
