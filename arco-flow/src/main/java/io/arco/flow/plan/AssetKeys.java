package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import java.util.regex.Pattern;

/**
 * Asset-key canonicalisation (api-contract §7.1, flow-model part 3 §2.1): {@code namespace.name} or
 * {@code namespace/name} in, always {@code namespace.name} out. Whitespace is Unicode {@code
 * White_Space} (what the reference's {@code str::trim} and {@code char::is_whitespace} use), not
 * {@link Character#isWhitespace}.
 */
public final class AssetKeys {
  private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_]*");

  private AssetKeys() {}

  /**
   * Returns the canonical {@code namespace.name} form of {@code raw}.
   *
   * @throws FlowException {@code InvalidRequest} with the contract's exact message
   */
  public static String canonicalize(String raw) {
    if (isBlank(raw)) {
      throw FlowException.invalid("asset key cannot be empty");
    }
    if (isWhitespace(raw.codePointAt(0)) || isWhitespace(raw.codePointBefore(raw.length()))) {
      throw FlowException.invalid("asset key cannot have leading/trailing whitespace");
    }
    if (raw.codePoints().anyMatch(AssetKeys::isWhitespace)) {
      throw FlowException.invalid("asset key cannot contain whitespace");
    }
    int split = raw.indexOf('/');
    if (split < 0) {
      split = raw.indexOf('.');
    }
    if (split < 0) {
      throw FlowException.invalid(
          "invalid asset key '" + raw + "': expected 'namespace.name' or 'namespace/name'");
    }
    String namespace = raw.substring(0, split);
    String name = raw.substring(split + 1);
    if (namespace.isEmpty() || name.isEmpty()) {
      throw FlowException.invalid(
          "invalid asset key '" + raw + "': namespace and name must be non-empty");
    }
    if (!SEGMENT.matcher(namespace).matches()) {
      throw FlowException.invalid(
          "invalid asset key '" + raw + "': invalid namespace '" + namespace + "'");
    }
    for (String segment : name.split("\\.", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw FlowException.invalid("invalid asset key '" + raw + "': invalid name '" + name + "'");
      }
    }
    return namespace + "." + name;
  }

  /**
   * Whether {@code s} is empty or only Unicode white space (the reference's {@code
   * trim().is_empty()}).
   */
  static boolean isBlank(String s) {
    return s.codePoints().allMatch(AssetKeys::isWhitespace);
  }

  /** Unicode {@code White_Space} property (Rust {@code char::is_whitespace}). */
  static boolean isWhitespace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || cp == 0x20
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }
}
