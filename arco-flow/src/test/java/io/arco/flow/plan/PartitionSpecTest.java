package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.plan.PartitionDimension.StaticDimension;
import io.arco.flow.plan.PartitionDimension.TenantDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import io.arco.flow.plan.PartitionDimension.UnsupportedDimension;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionSpecTest {

  @Test
  void nullOrNonObjectIsUnpartitioned() {
    assertThat(PartitionSpec.from(json("null"))).isEqualTo(PartitionSpec.UNPARTITIONED);
    assertThat(PartitionSpec.from(json("\"daily\""))).isEqualTo(PartitionSpec.UNPARTITIONED);
    assertThat(PartitionSpec.from(Optional.empty())).isEqualTo(PartitionSpec.UNPARTITIONED);
  }

  @Test
  void readsEveryKnownKind() {
    PartitionSpec spec =
        PartitionSpec.from(
            json(
                """
                {"is_partitioned": true, "dimensions": [
                  {"name": "date", "kind": "time", "granularity": "day"},
                  {"name": "region", "kind": "static", "values": ["us", "eu", 3]},
                  {"name": "tenant", "kind": "tenant"},
                  {"name": "shard", "kind": "hash"}]}
                """));
    assertThat(spec.partitioned()).isTrue();
    assertThat(spec.dimensions())
        .containsValues(
            new TimeDimension("date", Optional.of("day")),
            new StaticDimension("region", new TreeSet<>(java.util.List.of("eu", "us"))),
            new TenantDimension("tenant"),
            new UnsupportedDimension("shard", "hash", Optional.empty(), new TreeSet<>()));
    assertThat(spec.dimensionNames()).containsExactly("date", "region", "shard", "tenant");
  }

  @Test
  void dimensionWithoutStringNameOrKindIsDropped() {
    PartitionSpec spec =
        PartitionSpec.from(
            json(
                """
                {"dimensions": [{"name": 1, "kind": "time"}, {"kind": "time"},
                                {"name": "d", "kind": null}, {"name": "date", "kind": "time"}]}
                """));
    assertThat(spec.dimensionNames()).containsExactly("date");
  }

  @Test
  void flagDecidesOnlyWhenThereAreNoDimensions() {
    assertThat(PartitionSpec.from(json("{\"isPartitioned\": true}")).partitioned()).isTrue();
    assertThat(PartitionSpec.from(json("{\"dimensions\": []}")).partitioned()).isFalse();
    assertThat(
            PartitionSpec.from(
                    json(
                        "{\"is_partitioned\": false, \"dimensions\":"
                            + " [{\"name\":\"d\",\"kind\":\"time\"}]}"))
                .partitioned())
        .isTrue();
    assertThat(
            PartitionSpec.from(json("{\"dimensions\": [{\"name\":\"d\",\"kind\":\"time\"}]}"))
                .partitioned())
        .isTrue();
  }

  @Test
  void identicalPartitioningComparesKindGranularityAndValueSets() {
    PartitionSpec a = spec("{\"name\":\"region\",\"kind\":\"static\",\"values\":[\"us\",\"eu\"]}");
    PartitionSpec b =
        spec("{\"name\":\"region\",\"kind\":\"static\",\"values\":[\"eu\",\"us\",\"us\"]}");
    PartitionSpec c = spec("{\"name\":\"region\",\"kind\":\"static\"}");
    PartitionSpec d = spec("{\"name\":\"region\",\"kind\":\"tenant\"}");
    assertThat(a.compatibleWith(b)).isTrue();
    assertThat(a.compatibleWith(c)).isFalse();
    assertThat(c.compatibleWith(spec("{\"name\":\"region\",\"kind\":\"static\",\"values\":[]}")))
        .isTrue();
    assertThat(c.compatibleWith(d)).isFalse();
    assertThat(
            spec("{\"name\":\"d\",\"kind\":\"time\",\"granularity\":\"day\"}")
                .compatibleWith(
                    spec("{\"name\":\"d\",\"kind\":\"time\",\"granularity\":\"hour\"}")))
        .isFalse();
    assertThat(
            spec("{\"name\":\"d\",\"kind\":\"time\"}")
                .compatibleWith(spec("{\"name\":\"e\",\"kind\":\"time\"}")))
        .isFalse();
    assertThat(PartitionSpec.UNPARTITIONED.compatibleWith(PartitionSpec.UNPARTITIONED)).isTrue();
  }

  private static PartitionSpec spec(String dimension) {
    return PartitionSpec.from(json("{\"dimensions\": [" + dimension + "]}"));
  }

  @Test
  void readsTheSettingsOfDecisionsSixFive() {
    PartitionSpec spec =
        PartitionSpec.from(
            json(
                """
                {"dimensions": [
                  {"name": "week", "kind": "time", "granularity": "week", "start": "2025-01-06",
                   "end": "2025-12-29", "timezone": "Europe/Paris", "format": "yyyyMMdd"},
                  {"name": "customer", "kind": "dynamic", "set": "customers"},
                  {"name": "orphan", "kind": "dynamic"}]}
                """));
    assertThat(spec.dimensions())
        .containsValues(
            new TimeDimension(
                "week",
                Optional.of("week"),
                Optional.of("2025-01-06"),
                Optional.of("2025-12-29"),
                Optional.of("Europe/Paris"),
                Optional.of("yyyyMMdd")),
            new PartitionDimension.DynamicDimension("customer", "customers"),
            new UnsupportedDimension("orphan", "dynamic", Optional.empty(), new TreeSet<>()));
  }

  @Test
  void identicalPartitioningAlsoComparesZoneBoundsFormatAndSet() {
    PartitionSpec utc = spec("{\"name\":\"h\",\"kind\":\"time\",\"granularity\":\"hour\"}");
    PartitionSpec explicitUtc =
        spec(
            "{\"name\":\"h\",\"kind\":\"time\",\"granularity\":\"hour\",\"timezone\":\"UTC\"}");
    PartitionSpec paris =
        spec(
            "{\"name\":\"h\",\"kind\":\"time\",\"granularity\":\"hour\","
                + "\"timezone\":\"Europe/Paris\"}");
    PartitionSpec bounded =
        spec(
            "{\"name\":\"h\",\"kind\":\"time\",\"granularity\":\"hour\","
                + "\"start\":\"2025-01-01\"}");
    assertThat(utc.compatibleWith(explicitUtc)).isTrue();
    assertThat(utc.compatibleWith(paris)).isFalse();
    assertThat(utc.compatibleWith(bounded)).isFalse();
    PartitionSpec a = spec("{\"name\":\"c\",\"kind\":\"dynamic\",\"set\":\"a\"}");
    PartitionSpec b = spec("{\"name\":\"c\",\"kind\":\"dynamic\",\"set\":\"b\"}");
    assertThat(a.compatibleWith(spec("{\"name\":\"c\",\"kind\":\"dynamic\",\"set\":\"a\"}")))
        .isTrue();
    assertThat(a.compatibleWith(b)).isFalse();
  }
}
