package io.arco.xtask.repo;

import java.util.Objects;

/**
 * A Maven module of the reactor: its directory relative to the repository root (what {@code -pl}
 * names) and its artifactId (what {@code -pl :artifactId} names).
 */
public record Module(String dir, String artifactId) {
  public Module {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(artifactId, "artifactId");
  }

  /** Whether {@code relPath} (relative to the repository root) lies inside this module. */
  public boolean contains(String relPath) {
    return relPath.startsWith(dir + "/");
  }
}
