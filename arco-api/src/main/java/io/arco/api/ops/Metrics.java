package io.arco.api.ops;

import java.util.concurrent.atomic.AtomicLongArray;

/** Request counters by status class, exported in Prometheus text format. */
public final class Metrics {
  private final AtomicLongArray byClass = new AtomicLongArray(6);

  public void record(int status) {
    int cls = status / 100;
    if (cls >= 1 && cls <= 5) {
      byClass.incrementAndGet(cls);
    }
  }

  long count(int statusClass) {
    return byClass.get(statusClass);
  }
}
