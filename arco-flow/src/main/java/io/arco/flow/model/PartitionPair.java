package io.arco.flow.model;

import java.util.Objects;

/**
 * One entry of the trigger's legacy {@code partitions: [{key, value}]} form (api-contract §6.4): a
 * dimension name and its raw string value, both exactly as the request sent them.
 */
public record PartitionPair(String key, String value) {
  public PartitionPair {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
