package io.arco.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the engine's writer threads (named {@code arco-writer-*}): a figure of the work a run
 * costs the single writer that, unlike wall time, another busy process on the machine barely moves.
 */
final class WriterCpu {
  private WriterCpu() {}

  /** Total CPU nanoseconds used so far by the live writer threads of this JVM. */
  static long nanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("arco-writer")) {
        long cpu = mx.getThreadCpuTime(t.getThreadId());
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }
}
