package io.arco.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scrape filter of decisions §7.4 keeps only the workspaces shown, and fails closed. */
class ScopedSnapshotsTest {
  @Test
  void seriesOfOtherWorkspacesGoAndAFamilyItCannotRebuildGoesWhole() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (String t : new String[] {"tenant-a", "tenant-b"}) {
      Counter.builder("scoped.things").tag("tenant", t).tag("workspace", "ws").register(registry).increment();
      Timer.builder("scoped.latency").tag("tenant", t).tag("workspace", "ws").register(registry)
          .record(Duration.ofMillis(3));
    }
    Counter.builder("global.things").register(registry).increment();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create()
        .write(
            out,
            ScopedSnapshots.shown(
                registry.getPrometheusRegistry().scrape(), new Scope("tenant-a", "ws")::equals));
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text)
        .contains("scoped_things_total{tenant=\"tenant-a\",workspace=\"ws\"} 1.0", "global_things_total 1.0")
        .doesNotContain("tenant-b")
        .doesNotContain("scoped_latency_seconds_count");
  }
}
