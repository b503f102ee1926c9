package io.arco.flow.store;

import java.util.Comparator;
import java.util.Optional;

/**
 * The one string order of the stores: by Unicode code point, which equals the byte order of UTF-8
 * and therefore SQLite's {@code BINARY} collation. Log paths, manifest ids and event ids sort the
 * same in memory and on disk.
 */
final class TextOrder {
  private TextOrder() {}

  /** Compares two strings code point by code point; a proper prefix sorts first. */
  static final Comparator<String> CODE_POINTS = TextOrder::compare;

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

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
