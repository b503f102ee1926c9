package io.arco.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What a benchmark report says about where it ran: CPUs, memory, OS, load, JDK, the java binary. */
final class Machine {
  private Machine() {}

  /** CPUs, CPU model, memory and OS, e.g. {@code 2 CPUs (nproc), AMD EPYC, 23.5 GiB RAM, Linux 6.1}. */
  static String describe() {
    String cpu = "unknown CPU";
    String mem = "unknown memory";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          mem = String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1048576.0);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave the defaults
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + cpu + ", " + mem + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  /** The 1/5/15-minute load average ({@code /proc/loadavg}), or null where there is none. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" +");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The machine's CPU time so far, in clock ticks of all CPUs together: busy (user, nice, system,
   * irq, softirq, steal) and in all (busy, idle, iowait), from the first line of {@code
   * /proc/stat}; empty where there is none.
   */
  record CpuTicks(long busy, long total) {
    /** The share of the machine's CPU time that was busy from {@code before} to this reading. */
    double busySince(CpuTicks before) {
      long total = this.total - before.total;
      return total <= 0 ? 0 : (busy - before.busy) / (double) total;
    }
  }

  static Optional<CpuTicks> cpuTicks() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0).trim();
      String[] f = first.split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return Optional.empty();
      }
      long user = Long.parseLong(f[1]);
      long nice = Long.parseLong(f[2]);
      long system = Long.parseLong(f[3]);
      long idle = Long.parseLong(f[4]);
      long iowait = Long.parseLong(f[5]);
      long irq = Long.parseLong(f[6]);
      long softirq = Long.parseLong(f[7]);
      long steal = Long.parseLong(f[8]);
      long busy = user + nice + system + irq + softirq + steal;
      return Optional.of(new CpuTicks(busy, busy + idle + iowait));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The running JVM, e.g. {@code OpenJDK 64-Bit Server VM 25.0.3+9-LTS (Eclipse Adoptium)}. */
  static String jdk() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vendor") + ")";
  }

  /** The {@code java} executable of this JVM, for starting child JVMs of the same version. */
  static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
