package io.arco.api.localworker;

import java.util.List;

/**
 * Stops a command and everything it started. The command is signalled before its descendants: a
 * shell whose child ended first could otherwise go on to its next step (a {@code touch finished}
 * after a {@code sleep}) before its own signal arrived. The descendants are listed before any
 * signal, while they are still the command's (once it is gone they belong to init).
 */
final class ProcessTree {
  private ProcessTree() {}

  /**
   * SIGTERM ({@code forcibly}: SIGKILL) to {@code p}, then to its descendants; answers those
   * descendants, for a later SIGKILL of what is left.
   */
  static List<ProcessHandle> signal(Process p, boolean forcibly) {
    List<ProcessHandle> tree = p.descendants().toList();
    if (forcibly) {
      p.destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
    } else {
      p.destroy();
      tree.forEach(ProcessHandle::destroy);
    }
    return tree;
  }
}
