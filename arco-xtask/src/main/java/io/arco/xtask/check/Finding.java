package io.arco.xtask.check;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem a check found, anchored to a file (relative to the repository root, with forward
 * slashes) and a 1-based line, so editors and CI logs can jump to it.
 */
public record Finding(String path, int line, String message) {
  /** Orders findings by file, then line, keeping the discovery order of ties stable. */
  public static final Comparator<Finding> BY_LOCATION =
      Comparator.comparing(Finding::path).thenComparingInt(Finding::line);

  public Finding {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 1) {
      line = 1;
    }
  }

  /** The line printed for this finding: {@code path:line: message}. */
  public String render() {
    return path + ":" + line + ": " + message;
  }
}
