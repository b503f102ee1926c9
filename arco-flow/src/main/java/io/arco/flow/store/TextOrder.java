package io.arco.flow.store;

import java.util.Optional;

/**
 * Prefix ranges in the stores' string order, {@link io.arco.flow.model.Utf8Order} (code points, which
 * is UTF-8 byte order and SQLite's {@code BINARY} collation), so log paths, manifest ids and event
 * ids sort the same in memory and on disk.
 */
final class TextOrder {
  private TextOrder() {}

  /**
   * The smallest string greater than every string that starts with {@code prefix}, so that "starts
   * with prefix" is the range {@code [prefix, end)}; empty when no such bound exists (an empty
   * prefix, or one made only of U+10FFFF).
   */
  static Optional<String> prefixEnd(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int n = cps.length - 1; n >= 0; n--) {
      if (cps[n] < Character.MAX_CODE_POINT) {
        int next = cps[n] + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
          sb.appendCodePoint(cps[k]);
        }
        return Optional.of(sb.appendCodePoint(next).toString());
      }
    }
    return Optional.empty();
  }
}
