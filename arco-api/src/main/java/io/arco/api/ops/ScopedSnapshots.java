package io.arco.api.ops;

import io.arco.flow.model.Scope;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Filters a scrape by workspace (decisions §7.4): a data point labelled with a tenant or a
 * workspace stays only when the caller may see that workspace; points without those labels stay.
 * A family of a kind this class cannot rebuild loses all its points when any is labelled so: it
 * fails closed rather than show a name.
 */
final class ScopedSnapshots {
  private ScopedSnapshots() {}

  static MetricSnapshots shown(MetricSnapshots all, Predicate<Scope> shown) {
    List<MetricSnapshot> out = new ArrayList<>(all.size());
    for (MetricSnapshot m : all) {
      if (m.getDataPoints().stream().noneMatch(ScopedSnapshots::scoped)) {
        out.add(m);
      } else if (m instanceof CounterSnapshot c) {
        out.add(new CounterSnapshot(c.getMetadata(), keep(c.getDataPoints(), shown)));
      } else if (m instanceof GaugeSnapshot g) {
        out.add(new GaugeSnapshot(g.getMetadata(), keep(g.getDataPoints(), shown)));
      }
    }
    return new MetricSnapshots(out);
  }

  private static boolean scoped(DataPointSnapshot p) {
    Labels l = p.getLabels();
    return l.contains(EngineMeters.TENANT) || l.contains(EngineMeters.WORKSPACE);
  }

  private static <P extends DataPointSnapshot> List<P> keep(List<P> points, Predicate<Scope> shown) {
    List<P> kept = new ArrayList<>(points.size());
    for (P p : points) {
      Labels l = p.getLabels();
      if (!scoped(p)) {
        kept.add(p);
      } else if (l.contains(EngineMeters.TENANT)
          && l.contains(EngineMeters.WORKSPACE)
          && shown.test(new Scope(l.get(EngineMeters.TENANT), l.get(EngineMeters.WORKSPACE)))) {
        kept.add(p);
      }
    }
    return kept;
  }
}
