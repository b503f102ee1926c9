package io.arco.api.ops;

import io.arco.api.http.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's meters: {@code http_server_requests_seconds}, a latency histogram by method,
 * route template, status and outcome, and {@code arco_http_requests_total} by status class (the
 * coarse counter the first {@code /metrics} had, kept for dashboards built on it).
 */
final class HttpMeters {
  /** Bucket bounds of the latency histogram; long polls fall in the upper ones. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
    Duration.ofSeconds(30), Duration.ofSeconds(60)
  };

  private record Key(String method, String route, int status) {}

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Counter[] byClass = new Counter[6];

  HttpMeters(MeterRegistry registry) {
    this.registry = registry;
    for (int c = 1; c <= 5; c++) {
      byClass[c] =
          Counter.builder("arco.http.requests")
              .description("HTTP requests answered, by status class.")
              .tag("status", c + "xx")
              .register(registry);
    }
  }

  void record(RequestRecord r) {
    timers
        .computeIfAbsent(new Key(r.method(), r.route(), r.status()), this::timer)
        .record(r.durationNanos(), TimeUnit.NANOSECONDS);
    int cls = r.status() / 100;
    if (cls >= 1 && cls <= 5) {
      byClass[cls].increment();
    }
  }

  private Timer timer(Key k) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests answered, by method, route template and status.")
        .tag("method", k.method())
        .tag("route", k.route())
        .tag("status", Integer.toString(k.status()))
        .tag("outcome", outcome(k.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private static String outcome(int status) {
    return switch (status / 100) {
      case 1 -> "INFORMATIONAL";
      case 2 -> "SUCCESS";
      case 3 -> "REDIRECTION";
      case 4 -> "CLIENT_ERROR";
      case 5 -> "SERVER_ERROR";
      default -> "UNKNOWN";
    };
  }
}
