package io.arco.api.cli.automation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code --partitions K1,K2} value into partition keys without breaking a
 * multi-dimensional canonical key, whose own dimensions are comma-joined (api-contract §6.2: {@code
 * date=d:2025-01-15,region=s:dXMtZWFzdA}). A segment {@code name=value} continues the key before
 * it while the dimension names ascend (a canonical key lists its dimensions sorted and once each);
 * a name that does not sort after the previous one, or a plain value without {@code =}, starts a
 * new key.
 */
final class PartitionList {
  private PartitionList() {}

  static List<String> split(String value) {
    List<String> keys = new ArrayList<>();
    StringBuilder current = null;
    String lastDimension = null;
    for (String segment : value.split(",", -1)) {
      int eq = segment.indexOf('=');
      String dimension = eq > 0 ? segment.substring(0, eq) : null;
      boolean continues =
          current != null
              && dimension != null
              && lastDimension != null
              && dimension.compareTo(lastDimension) > 0;
      if (continues) {
        current.append(',').append(segment);
      } else {
        if (current != null) {
          keys.add(current.toString());
        }
        current = new StringBuilder(segment);
      }
      lastDimension = dimension;
    }
    keys.add(current.toString());
    return keys;
  }
}
