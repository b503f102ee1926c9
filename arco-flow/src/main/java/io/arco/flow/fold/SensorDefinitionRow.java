package io.arco.flow.fold;

import io.arco.flow.model.SensorKind;
import java.util.List;
import java.util.Optional;

/** A sensor definition from the manifest (decisions §2.9). */
public record SensorDefinitionRow(
    String sensorId,
    SensorKind kind,
    List<String> assetSelection,
    int minIntervalSeconds,
    Optional<String> codeVersion,
    String rowVersion) {
  public SensorDefinitionRow {
    assetSelection = List.copyOf(assetSelection);
  }
}
