package io.arco.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response times per route, recorded by many client threads at once, summarised as count, errors,
 * p50, p99 and max. Recording is off until {@link #start()} (warm-up requests are not counted).
 */
final class Latencies {
  private final Map<String, Samples> byRoute = new TreeMap<>();
  private volatile boolean on;

  /** One route's summary; times in milliseconds. */
  record Summary(String route, int count, int errors, double p50Ms, double p99Ms, double maxMs) {}

  private static final class Samples {
    long[] nanos = new long[1024];
    int size;
    int errors;

    void add(long n, boolean ok) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = n;
      if (!ok) {
        errors++;
      }
    }
  }

  /** From now on, requests are recorded. */
  void start() {
    on = true;
  }

  /** From now on, requests are no longer recorded. */
  void stop() {
    on = false;
  }

  /** Records one request of {@code route} that took {@code nanos}; {@code ok} is a 2xx answer. */
  void record(String route, long nanos, boolean ok) {
    if (!on) {
      return;
    }
    synchronized (byRoute) {
      byRoute.computeIfAbsent(route, r -> new Samples()).add(nanos, ok);
    }
  }

  /** Every route seen, in route order. */
  List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    synchronized (byRoute) {
      for (Map.Entry<String, Samples> e : byRoute.entrySet()) {
        Samples s = e.getValue();
        long[] sorted = Arrays.copyOf(s.nanos, s.size);
        Arrays.sort(sorted);
        out.add(
            new Summary(
                e.getKey(),
                s.size,
                s.errors,
                Stats.percentile(sorted, 50) / 1e6,
                Stats.percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6));
      }
    }
    return out;
  }
}
