package io.arco.flow.plan;

import io.arco.flow.model.PartitionPair;
import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionResolverTest {
  private static final PartitionResolver RESOLVER = PartitionResolver.DEFAULT;

  private static PartitionSpec spec(String dimensions) {
    return PartitionSpec.from(json("{\"dimensions\": [" + dimensions + "]}"));
  }

  private static final PartitionSpec DAILY =
      spec("{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"day\"}");
  private static final PartitionSpec HOURLY =
      spec("{\"name\":\"ts\",\"kind\":\"time\",\"granularity\":\"hour\"}");
  private static final PartitionSpec TIME = spec("{\"name\":\"ts\",\"kind\":\"time\"}");
  private static final PartitionSpec REGION =
      spec("{\"name\":\"region\",\"kind\":\"static\",\"values\":[\"us-east\",\"eu\"]}");

  private static String byKey(String key, PartitionSpec spec) {
    return RESOLVER.resolve(Optional.of(key), List.of(), spec).orElseThrow().canonicalKey();
  }

  private static String byPairs(PartitionSpec spec, PartitionPair... pairs) {
    return RESOLVER.resolve(Optional.empty(), List.of(pairs), spec).orElseThrow().canonicalKey();
  }

  @Test
  void noPartitionInputResolvesToNothing() {
    assertThat(RESOLVER.resolve(Optional.empty(), List.of(), DAILY)).isEmpty();
  }

  @Test
  void bothFormsAreRefused() {
    assertInvalid(
        () ->
            RESOLVER.resolve(
                Optional.of("date=d:2025-01-15"), List.of(new PartitionPair("date", "x")), DAILY),
        "use either partitionKey or partitions, not both");
  }

  @Test
  void unpartitionedSpecGivesTheFallbackMessage() {
    assertInvalid(
        () ->
            RESOLVER.resolve(
                Optional.of("date=d:2025-01-15"), List.of(), PartitionSpec.UNPARTITIONED),
        "partition key provided for unpartitioned assets");
  }

  @Test
  void canonicalKeyFormResolvesToItself() {
    assertThat(byKey("date=d:2025-01-15", DAILY)).isEqualTo("date=d:2025-01-15");
    assertThat(byKey("region=s:dXMtZWFzdA", REGION)).isEqualTo("region=s:dXMtZWFzdA");
  }

  @Test
  void partitionsFormAndKeyFormResolveIdentically() {
    assertThat(byPairs(DAILY, new PartitionPair("date", "2024-01-15")))
        .isEqualTo(byKey("date=d:2024-01-15", DAILY))
        .isEqualTo("date=d:2024-01-15");
  }

  @Test
  void keyFormRefusesEmptyUnparsableNonCanonicalAndMismatchedKeys() {
    assertInvalid(() -> byKey("", DAILY), "partitionKey cannot be empty");
    assertInvalid(
        () -> byKey("date", DAILY), "invalid partitionKey: missing '=' in partition segment: date");
    assertInvalid(
        () -> byKey("date=d:2025-01-15,a=i:1", DAILY),
        "partitionKey must be canonical: expected 'a=i:1,date=d:2025-01-15'");
    assertInvalid(
        () -> byKey("a=i:1,date=d:2025-01-15", DAILY),
        "partitionKey dimensions must match manifest dimensions: expected [date], got [a, date]");
  }

  @Test
  void partitionsFormRefusesEmptyInvalidDuplicateAndMismatchedKeys() {
    assertInvalid(
        () -> byPairs(DAILY, new PartitionPair("  ", "x")), "partition key cannot be empty");
    assertInvalid(
        () -> byPairs(DAILY, new PartitionPair("Date", "x")), "invalid partition key: Date");
    assertInvalid(
        () ->
            byPairs(
                DAILY, new PartitionPair("date", "2025-01-01"), new PartitionPair(" date ", "x")),
        "duplicate partition key: date");
    assertInvalid(
        () -> byPairs(DAILY, new PartitionPair("day", "2025-01-01")),
        "partitionKey dimensions must match manifest dimensions: expected [date], got [day]");
  }

  @Test
  void trimmedPairKeysAreUsed() {
    assertThat(byPairs(DAILY, new PartitionPair(" date ", "2025-01-01")))
        .isEqualTo("date=d:2025-01-01");
  }

  @Test
  void timeValuesMustMatchTheDimensionGranularity() {
    assertInvalid(
        () -> byKey("ts=d:2025-01-15", HOURLY), "time dimension 'ts' expects day granularity");
    assertInvalid(
        () -> byKey("date=t:2025-01-15T10:00:00.000000Z", DAILY),
        "time dimension 'date' expects hour granularity");
    assertInvalid(
        () -> byKey("ts=t:2025-01-15T10:30:00.000000Z", HOURLY),
        "time dimension 'ts' must be aligned to the hour");
    assertThat(byKey("ts=t:2025-01-15T10:00:00.000000Z", HOURLY))
        .isEqualTo("ts=t:2025-01-15T10:00:00.000000Z");
    assertThat(byKey("ts=t:2025-01-15T10:30:00.000000Z", TIME))
        .isEqualTo("ts=t:2025-01-15T10:30:00.000000Z");
    assertThat(byKey("ts=d:2025-01-15", TIME)).isEqualTo("ts=d:2025-01-15");
    assertInvalid(() -> byKey("ts=i:5", TIME), "time dimension 'ts' must use d:/t: or s: value");
    assertInvalid(() -> byKey("ts=n:null", TIME), "time dimension 'ts' must use d:/t: or s: value");
  }

  @Test
  void legacyTimeStringsAreNormalised() {
    assertThat(byPairs(DAILY, new PartitionPair("date", "2025-01-15")))
        .isEqualTo("date=d:2025-01-15");
    assertInvalid(
        () -> byPairs(DAILY, new PartitionPair("date", "2025-02-30")),
        "time dimension 'date' expects YYYY-MM-DD");
    assertThat(byPairs(HOURLY, new PartitionPair("ts", "2025-01-15T12:00:00+02:00")))
        .isEqualTo("ts=t:2025-01-15T10:00:00.000000Z");
    assertInvalid(
        () -> byPairs(HOURLY, new PartitionPair("ts", "2025-01-15")),
        "time dimension 'ts' expects RFC3339 timestamp");
    assertInvalid(
        () -> byPairs(HOURLY, new PartitionPair("ts", "2025-01-15T12:30:00Z")),
        "time dimension 'ts' must be aligned to the hour");
    assertThat(byPairs(TIME, new PartitionPair("ts", "2025-01-15"))).isEqualTo("ts=d:2025-01-15");
    assertThat(byPairs(TIME, new PartitionPair("ts", "2025-01-15T12:30:00.1234567Z")))
        .isEqualTo("ts=t:2025-01-15T12:30:00.123456Z");
    assertInvalid(
        () -> byPairs(TIME, new PartitionPair("ts", "yesterday")),
        "time dimension 'ts' expects YYYY-MM-DD or RFC3339 timestamp");
    assertInvalid(
        () ->
            byPairs(
                spec("{\"name\":\"ts\",\"kind\":\"time\",\"granularity\":\"minute\"}"),
                new PartitionPair("ts", "2025-01-15")),
        "unsupported time granularity 'minute' for 'ts'");
    assertThat(byKey("ts=s:MjAyNS0wMS0xNQ", TIME)).isEqualTo("ts=d:2025-01-15");
  }

  @Test
  void timeStringBeforeEpochYearFailsTheReparse() {
    assertInvalid(
        () -> byPairs(DAILY, new PartitionPair("date", "1960-01-01")),
        "invalid partitionKey: invalid date value: 1960-01-01");
  }

  @Test
  void timeStringsAreRefusedAfterTheCutoff() {
    assertInvalid(
        () ->
            PartitionResolver.withTimeStrings(false)
                .resolve(Optional.empty(), List.of(new PartitionPair("date", "2025-01-15")), DAILY),
        "time partition values must use d:/t: tags for 'date'");
  }

  @Test
  void staticDimensionTakesWhitelistedStringsOnly() {
    assertThat(byPairs(REGION, new PartitionPair("region", "eu"))).isEqualTo("region=s:ZXU");
    assertInvalid(
        () -> byPairs(REGION, new PartitionPair("region", "ap")),
        "dimension 'region' value 'ap' is not allowed");
    assertInvalid(() -> byKey("region=i:1", REGION), "dimension 'region' must use string values");
    PartitionSpec open = spec("{\"name\":\"region\",\"kind\":\"static\"}");
    assertThat(byPairs(open, new PartitionPair("region", "anything")))
        .isEqualTo("region=s:YW55dGhpbmc");
  }

  @Test
  void tenantDimensionTakesAnyString() {
    PartitionSpec tenant = spec("{\"name\":\"tenant\",\"kind\":\"tenant\"}");
    assertThat(byPairs(tenant, new PartitionPair("tenant", "acme"))).isEqualTo("tenant=s:YWNtZQ");
    assertInvalid(
        () -> byKey("tenant=b:true", tenant), "dimension 'tenant' must use string values");
  }

  @Test
  void unsupportedKindIsRefusedWhenAPartitionIsResolved() {
    PartitionSpec hashed = spec("{\"name\":\"shard\",\"kind\":\"hash\"}");
    assertInvalid(
        () -> byPairs(hashed, new PartitionPair("shard", "1")),
        "unsupported partition dimension kind 'hash' for 'shard'");
  }

  @Test
  void multiDimensionKeysNormaliseEachDimensionInNameOrder() {
    PartitionSpec both =
        spec(
            "{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"day\"},"
                + "{\"name\":\"region\",\"kind\":\"static\",\"values\":[\"eu\"]}");
    assertThat(
            byPairs(
                both, new PartitionPair("region", "eu"), new PartitionPair("date", "2025-01-15")))
        .isEqualTo("date=d:2025-01-15,region=s:ZXU");
    assertInvalid(
        () -> byPairs(both, new PartitionPair("region", "us"), new PartitionPair("date", "bad")),
        "time dimension 'date' expects YYYY-MM-DD");
  }

  @Test
  void resolutionKeepsTheRequestedKeyAndPairs() {
    ResolvedPartition r =
        RESOLVER
            .resolve(Optional.empty(), List.of(new PartitionPair("date", "2025-01-15")), DAILY)
            .orElseThrow();
    assertThat(r.key().canonical()).isEqualTo("date=d:2025-01-15");
    assertThat(r.requested().canonical()).isEqualTo("date=s:MjAyNS0wMS0xNQ");
    assertThat(r.pairs()).containsExactly(new PartitionPair("date", "2025-01-15"));
  }

  // ---- decisions §6.5: week, month, zones, formats, bounds, dynamic sets ----------------------

  private static PartitionSpec time(String granularity, String extra) {
    return spec(
        "{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\""
            + granularity
            + "\""
            + extra
            + "}");
  }

  private static String byValue(PartitionSpec spec, String value) {
    return byPairs(spec, new PartitionPair("date", value));
  }

  @Test
  void weeklyValuesAreTheMondayThatStartsTheWeek() {
    PartitionSpec weekly = time("week", "");
    assertThat(byKey("date=d:2025-01-06", weekly)).isEqualTo("date=d:2025-01-06");
    assertThat(byValue(weekly, "2025-01-13")).isEqualTo("date=d:2025-01-13");
    assertInvalid(
        () -> byKey("date=d:2025-01-07", weekly), "time dimension 'date' must be aligned to the week");
    assertInvalid(
        () -> byValue(weekly, "2025-01-12"), "time dimension 'date' must be aligned to the week");
    assertInvalid(
        () -> byKey("date=t:2025-01-06T00:00:00.000000Z", weekly),
        "time dimension 'date' expects hour granularity");
  }

  @Test
  void monthlyValuesAreTheFirstDayOfTheMonth() {
    PartitionSpec monthly = time("month", "");
    assertThat(byKey("date=d:2024-02-01", monthly)).isEqualTo("date=d:2024-02-01");
    assertInvalid(
        () -> byKey("date=d:2024-02-29", monthly),
        "time dimension 'date' must be aligned to the month");
    assertInvalid(
        () -> byValue(monthly, "2024-02"), "time dimension 'date' expects YYYY-MM-DD");
  }

  @Test
  void hourlyValuesStartALocalHourOfTheDimensionsZone() {
    PartitionSpec kolkata = time("hour", ",\"timezone\":\"Asia/Kolkata\"");
    assertThat(byKey("date=t:2025-01-15T04:30:00.000000Z", kolkata))
        .isEqualTo("date=t:2025-01-15T04:30:00.000000Z");
    assertThat(byValue(kolkata, "2025-01-15T10:00:00+05:30"))
        .isEqualTo("date=t:2025-01-15T04:30:00.000000Z");
    assertInvalid(
        () -> byKey("date=t:2025-01-15T04:00:00.000000Z", kolkata),
        "time dimension 'date' must be aligned to the hour");
  }

  @Test
  void formatReadsPlainValuesBeforeTheStandardForms() {
    PartitionSpec compact = time("day", ",\"format\":\"yyyyMMdd\"");
    assertThat(byValue(compact, "20250115")).isEqualTo("date=d:2025-01-15");
    assertThat(byValue(compact, "2025-01-15")).isEqualTo("date=d:2025-01-15");
    assertInvalid(
        () -> byValue(compact, "20250230"),
        "time dimension 'date' expects YYYY-MM-DD or format 'yyyyMMdd'");
    PartitionSpec monthly = time("month", ",\"format\":\"yyyy-MM\"");
    assertThat(byValue(monthly, "2025-03")).isEqualTo("date=d:2025-03-01");
  }

  @Test
  void hourlyFormatReadsLocalTimeWithTheFirstOccurrenceOfARepeatedHour() {
    PartitionSpec berlin =
        time("hour", ",\"timezone\":\"Europe/Berlin\",\"format\":\"yyyy-MM-dd HH\"");
    assertThat(byValue(berlin, "2025-01-15 10")).isEqualTo("date=t:2025-01-15T09:00:00.000000Z");
    assertThat(byValue(berlin, "2025-10-26 02")).isEqualTo("date=t:2025-10-26T00:00:00.000000Z");
    assertThat(byValue(berlin, "2025-10-26T01:00:00Z"))
        .isEqualTo("date=t:2025-10-26T01:00:00.000000Z");
    assertInvalid(
        () -> byValue(berlin, "2025-03-30 02"),
        "time dimension 'date' value '2025-03-30 02' does not exist in time zone 'Europe/Berlin'");
    assertInvalid(
        () -> byValue(berlin, "tomorrow"),
        "time dimension 'date' expects RFC3339 timestamp or format 'yyyy-MM-dd HH'");
  }

  @Test
  void valuesOutsideStartAndEndAreRefused() {
    PartitionSpec bounded =
        time("day", ",\"start\":\"2025-01-01\",\"end\":\"2025-12-31\"");
    assertThat(byValue(bounded, "2025-01-01")).isEqualTo("date=d:2025-01-01");
    assertThat(byValue(bounded, "2025-12-31")).isEqualTo("date=d:2025-12-31");
    assertInvalid(
        () -> byValue(bounded, "2024-12-31"),
        "time dimension 'date' value '2024-12-31' is outside [2025-01-01, 2025-12-31]");
    PartitionSpec from = time("hour", ",\"start\":\"2025-01-01T06:00:00Z\"");
    assertInvalid(
        () -> byKey("date=t:2025-01-01T05:00:00.000000Z", from),
        "time dimension 'date' value '2025-01-01T05:00:00.000000Z' is outside"
            + " [2025-01-01T06:00:00Z, ...]");
    PartitionSpec untilDay = time("hour", ",\"end\":\"2025-01-01\"");
    assertThat(byKey("date=t:2025-01-01T23:00:00.000000Z", untilDay))
        .isEqualTo("date=t:2025-01-01T23:00:00.000000Z");
    assertInvalid(
        () -> byKey("date=t:2025-01-02T00:00:00.000000Z", untilDay),
        "time dimension 'date' value '2025-01-02T00:00:00.000000Z' is outside [..., 2025-01-01]");
  }

  @Test
  void dynamicValuesMustBeCurrentMembersOfTheirSet() {
    PartitionSpec customers =
        spec("{\"name\":\"customer\",\"kind\":\"dynamic\",\"set\":\"customers\"}");
    DynamicMembers members =
        name ->
            name.equals("customers")
                ? new java.util.TreeSet<>(List.of("acme", "globex"))
                : new java.util.TreeSet<>();
    assertThat(
            RESOLVER
                .resolve(
                    Optional.empty(),
                    List.of(new PartitionPair("customer", "acme")),
                    customers,
                    members)
                .orElseThrow()
                .canonicalKey())
        .isEqualTo("customer=s:YWNtZQ");
    assertInvalid(
        () ->
            RESOLVER.resolve(
                Optional.empty(), List.of(new PartitionPair("customer", "initech")), customers,
                members),
        "dimension 'customer' value 'initech' is not a member of set 'customers'");
    assertInvalid(
        () -> RESOLVER.resolve(Optional.of("customer=i:1"), List.of(), customers, members),
        "dimension 'customer' must use string values");
    assertInvalid(
        () -> byPairs(customers, new PartitionPair("customer", "acme")),
        "dimension 'customer' value 'acme' is not a member of set 'customers'");
  }
}
