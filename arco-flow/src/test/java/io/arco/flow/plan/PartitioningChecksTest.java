package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalidField;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.plan.PartitionDimension.DynamicDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deploy validation of {@code partitioning} (decisions §6.5, §7.7) through {@link
 * ManifestParser#parse}: the whole definition is checked, every problem a 422 naming its field.
 */
class PartitioningChecksTest {
  private static final String DIMS = "assets[0].partitioning.dimensions";

  /** A manifest whose first asset ({@code analytics.orders}) has this {@code partitioning}. */
  private static ObjectNode withPartitioning(String partitioning) {
    ObjectNode body = ManifestParserTest.base();
    ManifestParserTest.asset(body, 0).set("partitioning", json(partitioning));
    return body;
  }

  private static Manifest deploy(String dimensions) {
    return ManifestParser.parse(withPartitioning("{\"dimensions\": [" + dimensions + "]}"), "api");
  }

  @Test
  void everyKindDeploysWithItsSettings() {
    Manifest m =
        deploy(
            """
            {"name": "hour", "kind": "time", "granularity": "hour", "timezone": "Europe/Berlin",
             "start": "2024-01-01", "end": "2025-06-30T12:00:00Z", "format": "yyyy-MM-dd HH"},
            {"name": "region", "kind": "static", "values": ["eu", "us"]},
            {"name": "customer", "kind": "dynamic", "set": "customers"},
            {"name": "tenant", "kind": "tenant"}
            """);
    PartitionSpec spec = m.asset("analytics.orders").orElseThrow().partitioning();
    assertThat(spec.dimensions().get("hour"))
        .isEqualTo(
            new TimeDimension(
                "hour",
                Optional.of("hour"),
                Optional.of("2024-01-01"),
                Optional.of("2025-06-30T12:00:00Z"),
                Optional.of("Europe/Berlin"),
                Optional.of("yyyy-MM-dd HH")));
    assertThat(spec.dimensions().get("customer"))
        .isEqualTo(new DynamicDimension("customer", "customers"));
  }

  @Test
  void aTimeDimensionWithoutGranularityAndAStaticOneWithoutValuesDeploy() {
    PartitionSpec spec =
        deploy("{\"name\": \"ts\", \"kind\": \"time\"}, {\"name\": \"r\", \"kind\": \"static\"}")
            .assets()
            .get(0)
            .partitioning();
    assertThat(spec.dimensionNames()).containsExactly("r", "ts");
  }

  @Test
  void nullOrExplicitlyUnpartitionedDefinitionsDeployUnpartitioned() {
    for (String partitioning : new String[] {"null", "{\"is_partitioned\": false}",
        "{\"isPartitioned\": false, \"dimensions\": []}"}) {
      Manifest m = ManifestParser.parse(withPartitioning(partitioning), "api");
      assertThat(m.assets().get(0).partitioning()).as(partitioning).isEqualTo(PartitionSpec.UNPARTITIONED);
    }
  }

  @Test
  void aManifestStoredBeforeTheseChecksIsStillReadLeniently() {
    ObjectNode stored =
        withPartitioning(
            """
            {"dimensions": [{"name": "m", "kind": "time", "granularity": "minute"},
                            {"name": "g", "kind": "galaxy"},
                            {"name": 1, "kind": "time"}, {"kind": "static"}, "not an object"]}
            """);
    ObjectNode notAnObject = withPartitioning("\"daily\"");

    // Unknown kinds and granularities are kept (refused only when a partition is resolved);
    // nameless or kindless dimensions are dropped; a non-object partitioning is unpartitioned.
    PartitionSpec spec = ManifestParser.readTrusted(stored, "api").assets().get(0).partitioning();
    assertThat(spec.dimensions().keySet()).containsExactly("g", "m");
    assertThat(spec.dimensions().get("g")).isInstanceOf(PartitionDimension.UnsupportedDimension.class);
    assertThat(ManifestParser.readTrusted(notAnObject, "api").assets().get(0).partitioning())
        .isEqualTo(PartitionSpec.UNPARTITIONED);
  }

  static Stream<Arguments> badPartitionings() {
    String p = "assets[0].partitioning";
    return Stream.of(
        Arguments.of("\"garbage\"", p, "expected an object"),
        Arguments.of("[]", p, "expected an object"),
        Arguments.of("{\"is_partitioned\": \"yes\", \"dimensions\": []}", p + ".is_partitioned",
            "expected a boolean"),
        Arguments.of("{\"dimensions\": {\"name\": \"d\"}}", DIMS, "expected an array"),
        Arguments.of("{}", DIMS, "is required"),
        Arguments.of("{\"dimensions\": []}", DIMS, "must not be empty"),
        Arguments.of("{\"is_partitioned\": true, \"dimensions\": []}", DIMS, "must not be empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPartitionings")
  void aMalformedOrEmptyDefinitionIsRefusedWithItsPath(String partitioning, String field, String reason) {
    assertInvalidField(
        () -> ManifestParser.parse(withPartitioning(partitioning), "api"), field, reason);
  }

  static Stream<Arguments> badDimensions() {
    String d0 = DIMS + "[0]";
    String d1 = DIMS + "[1]";
    return Stream.of(
        Arguments.of("\"date\"", d0, "expected an object"),
        Arguments.of("{\"kind\": \"time\"}", d0 + ".name", "is required"),
        Arguments.of("{\"name\": 1, \"kind\": \"time\"}", d0 + ".name", "expected a string"),
        Arguments.of("{\"name\": \"Date\", \"kind\": \"time\"}", d0 + ".name",
            "dimension name 'Date' must match [a-z][a-z0-9_]*"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\"}, {\"name\": \"d\", \"kind\": \"static\"}",
            d1 + ".name", "duplicate dimension name 'd'"),
        Arguments.of("{\"name\": \"d\"}", d0 + ".kind", "is required"),
        Arguments.of("{\"name\": \"g\", \"kind\": \"galaxy\"}", d0 + ".kind",
            "expected one of time, static, dynamic, tenant"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"granularity\": 1}", d0 + ".granularity",
            "time dimension 'd' granularity must be one of hour, day, week, month"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"second\"}",
            d0 + ".granularity",
            "time dimension 'd' granularity must be one of hour, day, week, month"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"start\": \"2025-01-01\"}", d0 + ".start",
            "time dimension 'd' needs a granularity (hour, day, week or month) to use start, end,"
                + " timezone or format"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"end\": 5}",
            d0 + ".end", "expected a string"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"hour\", \"timezone\": \"+02:00\"}",
            d0 + ".timezone", "time dimension 'd' has invalid timezone '+02:00'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"format\": \"yyyy-bb\"}",
            d0 + ".format", "time dimension 'd' has invalid format 'yyyy-bb'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"format\": \"HH:mm\"}",
            d0 + ".format", "time dimension 'd' has invalid format 'HH:mm'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"hour\", \"format\": \"yyyy-MM-dd\"}",
            d0 + ".format", "time dimension 'd' has invalid format 'yyyy-MM-dd'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"start\": \"soon\"}",
            d0 + ".start", "time dimension 'd' has invalid start 'soon'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"end\": \"1960-01-01\"}",
            d0 + ".end", "time dimension 'd' has invalid end '1960-01-01'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"week\","
                + " \"start\": \"2025-02-01\", \"end\": \"2025-01-01\"}",
            d0 + ".end", "time dimension 'd' start '2025-02-01' is after end '2025-01-01'"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": \"eu\"}", d0 + ".values",
            "expected an array"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": [\"eu\", 3]}",
            d0 + ".values[1]", "expected a string"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": []}", d0 + ".values",
            "static dimension 'r' values cannot be empty"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": [\"eu\", \"us\", \"eu\"]}",
            d0 + ".values[2]", "duplicate value 'eu'"),
        Arguments.of("{\"name\": \"c\", \"kind\": \"dynamic\"}", d0 + ".set",
            "dynamic dimension 'c' needs a set name"),
        Arguments.of("{\"name\": \"c\", \"kind\": \"dynamic\", \"set\": \"Customers\"}", d0 + ".set",
            "dynamic dimension 'c' has invalid set name 'Customers' (expected [a-z][a-z0-9_-]{0,63})"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badDimensions")
  void badDimensionsAreRefusedAtDeployWithTheFieldPath(String dimensions, String field, String reason) {
    assertInvalidField(() -> deploy(dimensions), field, reason);
  }

  @Test
  void thePathNamesTheAssetsIndex() {
    ObjectNode body = ManifestParserTest.base();
    ManifestParserTest.asset(body, 1).set("partitioning", json("{\"dimensions\": []}"));
    assertInvalidField(
        () -> ManifestParser.parse(body, "api"),
        "assets[1].partitioning.dimensions",
        "must not be empty");
  }
}
