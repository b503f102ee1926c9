package io.arco.bench;

import java.util.Arrays;

/** Medians and percentiles of benchmark samples. */
final class Stats {
  private Stats() {}

  /** The median: the middle sample, or the mean of the two middle ones for an even count. */
  static double median(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /**
   * The {@code p}-th percentile (0 < p ≤ 100) of ascending {@code sorted} samples by nearest rank:
   * the smallest sample that at least {@code p} % of the samples do not exceed.
   */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
