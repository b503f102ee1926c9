package io.arco.xtask.docs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Resolution of relative Markdown links to repo paths. */
public final class Links {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private Links() {}

  /**
   * The repo path a link in {@code fromFile} points to, or empty for links that leave the
   * repository's files: URLs with a scheme ({@code https:}, {@code mailto:}), protocol-relative
   * links and same-page anchors. The fragment and query are dropped; a leading {@code /} means the
   * repository root.
   */
  public static Optional<String> resolve(String fromFile, String destination) {
    String target = destination.strip();
    if (target.isEmpty()
        || target.startsWith("#")
        || target.startsWith("//")
        || SCHEME.matcher(target).matches()) {
      return Optional.empty();
    }
    int cut = indexOfAny(target, '#', '?');
    if (cut >= 0) {
      target = target.substring(0, cut);
    }
    if (target.isEmpty()) {
      return Optional.empty();
    }
    target = URLDecoder.decode(target.replace("+", "%2B"), StandardCharsets.UTF_8);
    Path resolved;
    if (target.startsWith("/")) {
      resolved = Path.of(target.substring(1));
    } else {
      Path parent = Path.of(fromFile).getParent();
      resolved = parent == null ? Path.of(target) : parent.resolve(target);
    }
    String normalized = resolved.normalize().toString().replace('\\', '/');
    return Optional.of(normalized.isEmpty() ? "." : normalized);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
