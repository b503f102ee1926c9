package io.arco.flow.model;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Byte order of UTF-8 encodings, which is code-point order. The reference sorts strings this way
 * (Rust {@code String}'s {@code Ord}); Java's {@link String#compareTo} compares UTF-16 units and
 * disagrees for characters above U+FFFF, so everything hashed or listed uses this order.
 */
public final class Utf8Order {
  public static final Comparator<String> COMPARATOR = Utf8Order::compare;

  private Utf8Order() {}

  public static int compare(String a, String b) {
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

  /** Length of {@code s} in UTF-8 bytes (the contract's size limits count bytes). */
  public static int byteLength(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
