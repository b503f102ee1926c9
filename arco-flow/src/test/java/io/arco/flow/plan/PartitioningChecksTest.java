package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.plan.PartitionDimension.DynamicDimension;
import io.arco.flow.plan.PartitionDimension.TimeDimension;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PartitioningChecksTest {

  /** A manifest whose first asset ({@code analytics.orders}) has these dimensions. */
  private static ObjectNode withDimensions(String dimensions) {
    ObjectNode body = ManifestParserTest.base();
    ManifestParserTest.asset(body, 0)
        .set("partitioning", json("{\"dimensions\": [" + dimensions + "]}"));
    return body;
  }

  private static Manifest deploy(String dimensions) {
    return ManifestParser.parse(withDimensions(dimensions), "api");
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
  void whatTheContractReadsLenientlyStillDeploys() {
    Manifest lenient =
        deploy(
            """
            {"name": "m", "kind": "time", "granularity": "minute"},
            {"name": "g", "kind": "galaxy"},
            {"name": 1, "kind": "time"}, {"kind": "static"}, "not an object"
            """);
    ObjectNode body = ManifestParserTest.base();
    ManifestParserTest.asset(body, 0).put("partitioning", "daily");
    Manifest notAnObject = ManifestParser.parse(body, "api");

    // Unknown kinds and granularities are kept (refused only when a partition is resolved);
    // nameless or kindless dimensions are dropped; a non-object partitioning is unpartitioned.
    PartitionSpec spec = lenient.assets().get(0).partitioning();
    assertThat(spec.dimensions().keySet()).containsExactly("g", "m");
    assertThat(spec.dimensions().get("g")).isInstanceOf(PartitionDimension.UnsupportedDimension.class);
    assertThat(notAnObject.assets().get(0).partitioning().partitioned()).isFalse();
  }

  static Stream<Arguments> badDefinitions() {
    return Stream.of(
        Arguments.of("{\"name\": \"Date\", \"kind\": \"time\"}",
            "dimension name 'Date' must match [a-z][a-z0-9_]*"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\"}, {\"name\": \"d\", \"kind\": \"static\"}",
            "duplicate dimension name 'd'"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"granularity\": 1}",
            "time dimension 'd' granularity must be one of hour, day, week, month"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"minute\", \"timezone\": \"UTC\"}",
            "time dimension 'd' granularity must be one of hour, day, week, month"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"start\": \"2025-01-01\"}",
            "time dimension 'd' needs a granularity (hour, day, week or month) to use start, end,"
                + " timezone or format"),
        Arguments.of("{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"end\": 5}",
            "time dimension 'd' end must be a string"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"hour\", \"timezone\": \"+02:00\"}",
            "time dimension 'd' has invalid timezone '+02:00'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"format\": \"yyyy-bb\"}",
            "time dimension 'd' has invalid format 'yyyy-bb'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"format\": \"HH:mm\"}",
            "time dimension 'd' has invalid format 'HH:mm'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"hour\", \"format\": \"yyyy-MM-dd\"}",
            "time dimension 'd' has invalid format 'yyyy-MM-dd'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"start\": \"soon\"}",
            "time dimension 'd' has invalid start 'soon'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"day\", \"end\": \"1960-01-01\"}",
            "time dimension 'd' has invalid end '1960-01-01'"),
        Arguments.of(
            "{\"name\": \"d\", \"kind\": \"time\", \"granularity\": \"week\","
                + " \"start\": \"2025-02-01\", \"end\": \"2025-01-01\"}",
            "time dimension 'd' start '2025-02-01' is after end '2025-01-01'"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": []}",
            "static dimension 'r' values cannot be empty"),
        Arguments.of("{\"name\": \"r\", \"kind\": \"static\", \"values\": [\"eu\", 3]}",
            "static dimension 'r' values must be an array of strings"),
        Arguments.of("{\"name\": \"c\", \"kind\": \"dynamic\"}",
            "dynamic dimension 'c' needs a set name"),
        Arguments.of("{\"name\": \"c\", \"kind\": \"dynamic\", \"set\": \"Customers\"}",
            "dynamic dimension 'c' has invalid set name 'Customers' (expected [a-z][a-z0-9_-]{0,63})"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badDefinitions")
  void badDefinitionsAreRefusedAtDeployNamingTheAsset(String dimensions, String reason) {
    assertInvalid(
        () -> deploy(dimensions),
        "asset 'analytics.orders' has invalid partitioning: " + reason);
  }
}
