package io.arco.flow.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The automation request fingerprint (flow-model part 3 §1.7, part 1 §2.3) shared by schedule ticks
 * and sensor run requests: {@code sha256_hex(sorted(assets).join(","))}, with {@code
 * ";partitions:" + sorted(partitions).join(",")} appended before hashing when a partition
 * selection is given.
 */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  public static String of(List<String> assetSelection, Optional<List<String>> partitions) {
    List<String> sorted = new ArrayList<>(assetSelection);
    Collections.sort(sorted);
    String base = String.join(",", sorted);
    if (partitions.isPresent()) {
      List<String> ps = new ArrayList<>(partitions.get());
      Collections.sort(ps);
      base = base + ";partitions:" + String.join(",", ps);
    }
    return Ids.sha256Hex(base);
  }
}
