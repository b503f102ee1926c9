package io.arco.api.ops;

import io.arco.api.http.RequestRecord;
import io.arco.flow.engine.EngineObserver;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.Transition;
import io.arco.flow.engine.TransitionLog;
import io.arco.flow.engine.WorkspaceStats;
import io.arco.flow.model.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server's metrics: one Micrometer registry, exported at {@code GET /metrics} in the
 * Prometheus text format. It holds the HTTP latency histograms ({@link HttpMeters}), the engine's
 * figures ({@link EngineMeters}: writer commits and batches, snapshots, run and task transitions,
 * per-workspace runs and writer backlog), the JVM's (memory, GC, threads, class loading, version),
 * the process's (CPU, uptime, file descriptors) and, over PostgreSQL, the HikariCP pool's
 * ({@code hikaricp_*}, bound by {@code arco serve} through the store).
 *
 * <p>Series of one workspace carry {@code tenant} and {@code workspace} labels; a scrape shows
 * only those of the workspaces it may see (decisions §7.4), the rest name no workspace.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpMeters http = new HttpMeters(registry);
  private final EngineMeters engine = new EngineMeters(registry);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private Metrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** A registry with the JVM and process meters bound. */
  public static Metrics create() {
    return new Metrics();
  }

  /** The registry, e.g. for the connection pool's meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** What the engine tells about its writers and snapshots. */
  public EngineObserver engineObserver() {
    return engine;
  }

  /** Counts a run or task transition (a sink of the {@link TransitionLog}). */
  public void countTransition(Transition t) {
    engine.transition(t);
  }

  /**
   * {@code options} with this registry observing the engine: its observer, and a transition log
   * counting transitions (for a server whose transitions are not otherwise logged).
   */
  public EngineOptions observing(EngineOptions options) {
    return options.withObserver(engine).withListener(new TransitionLog(List.of(this::countTransition)));
  }

  /** Records an answered HTTP request. */
  public void request(RequestRecord r) {
    http.record(r);
  }

  /** The Prometheus text content type of {@link #scrape}. */
  public String contentType() {
    return writer.getContentType();
  }

  /**
   * Every meter in the Prometheus text format, after taking the workspaces' latest {@code stats};
   * series of a workspace appear only when {@code shown} accepts it.
   */
  public byte[] scrape(List<WorkspaceStats> stats, Predicate<Scope> shown) {
    engine.refresh(stats);
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, ScopedSnapshots.shown(registry.getPrometheusRegistry().scrape(), shown));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
