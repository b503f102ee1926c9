package io.arco.flow.plan;

import io.arco.flow.model.Utf8Order;
import java.util.ArrayList;
import java.util.List;

/**
 * The partitions of a range selector: the time windows crossed with every value of the other
 * dimensions, in time-major order, then the other dimensions in name order with values ascending
 * (the last dimension by name varies fastest). Position {@code i} is decoded as a mixed-radix number
 * (window, value of each other dimension), so {@link #size} and {@link #slice} never materialise
 * the space.
 */
final class RangeSpace implements PartitionSpace {
  private final List<String> names;
  private final int timeIndex;
  private final TimeWindows windows;

  /** Per dimension in name order: its encoded {@code name=tag:value} segments (empty for time). */
  private final List<List<String>> segments;

  /** Number of combinations of the other dimensions' values. */
  private final long stride;

  private final long size;

  /**
   * @param names every dimension name, sorted
   * @param timeName the time dimension among them
   * @param windows its windows
   * @param values per other dimension in name order, its values ascending
   * @throws ArithmeticException when the size exceeds a {@code long}
   */
  RangeSpace(List<String> names, String timeName, TimeWindows windows, List<List<String>> values) {
    this.names = List.copyOf(names);
    this.timeIndex = names.indexOf(timeName);
    this.windows = windows;
    List<List<String>> segs = new ArrayList<>();
    long product = 1;
    int next = 0;
    for (int d = 0; d < names.size(); d++) {
      if (d == timeIndex) {
        segs.add(List.of());
        continue;
      }
      String name = names.get(d);
      List<String> encoded =
          values.get(next++).stream()
              .map(v -> name + "=" + new PartitionValue.StringValue(v).encoded())
              .toList();
      segs.add(encoded);
      product = Math.multiplyExact(product, encoded.size());
    }
    this.segments = List.copyOf(segs);
    this.stride = product;
    this.size = Math.multiplyExact(windows.size(), product);
  }

  /** The longest key this space can produce, in UTF-8 bytes. */
  int maxKeyBytes() {
    if (size == 0) {
      return 0;
    }
    int total = names.size() - 1;
    for (int d = 0; d < names.size(); d++) {
      if (d == timeIndex) {
        total += Utf8Order.byteLength(names.get(d) + "=" + windows.at(0).encoded());
      } else {
        total += segments.get(d).stream().mapToInt(Utf8Order::byteLength).max().orElse(0);
      }
    }
    return total;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public List<String> slice(long offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    if (offset >= size || limit <= 0) {
      return List.of();
    }
    long end = Math.min(size, offset + limit);
    List<String> out = new ArrayList<>((int) (end - offset));
    long window = -1;
    String timeSegment = "";
    int[] digits = new int[names.size()];
    for (long i = offset; i < end; i++) {
      long w = i / stride;
      if (w != window) {
        window = w;
        timeSegment = names.get(timeIndex) + "=" + windows.at(w).encoded();
      }
      long rest = i % stride;
      for (int d = names.size() - 1; d >= 0; d--) {
        if (d != timeIndex) {
          int radix = segments.get(d).size();
          digits[d] = (int) (rest % radix);
          rest /= radix;
        }
      }
      StringBuilder key = new StringBuilder();
      for (int d = 0; d < names.size(); d++) {
        if (d > 0) {
          key.append(',');
        }
        key.append(d == timeIndex ? timeSegment : segments.get(d).get(digits[d]));
      }
      out.add(key.toString());
    }
    return out;
  }
}
