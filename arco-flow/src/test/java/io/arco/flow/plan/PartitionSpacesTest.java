package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.PartitionSelector;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionSpacesTest {

  private static PartitionSpec spec(String... dimensions) {
    return PartitionSpec.from(json("{\"dimensions\": [" + String.join(",", dimensions) + "]}"));
  }

  private static String time(String name, String granularity, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"time\",\"granularity\":\""
        + granularity
        + "\""
        + extra
        + "}";
  }

  private static String statics(String name, String... values) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"static\",\"values\":[\""
        + String.join("\",\"", values)
        + "\"]}";
  }

  private static PartitionSpace range(PartitionSpec spec, String start, String end) {
    return PartitionSpaces.of(
        "a.b", spec, new PartitionSelector.Range(start, end), DynamicMembers.NONE);
  }

  private static List<String> all(PartitionSpace space) {
    return space.slice(0, (int) space.size());
  }

  private static String s(String value) {
    return new PartitionValue.StringValue(value).encoded();
  }

  // ---- explicit ------------------------------------------------------------------------------

  @Test
  void explicitKeysResolveLikeATriggerAndKeepTheirFirstOccurrence() {
    PartitionSpec daily = spec(time("date", "day", ""));
    PartitionSpace space =
        PartitionSpaces.of(
            "a.b",
            daily,
            new PartitionSelector.Explicit(
                List.of("2025-01-02", "date=d:2025-01-01", "date=d:2025-01-02")),
            DynamicMembers.NONE);
    assertThat(all(space)).containsExactly("date=d:2025-01-02", "date=d:2025-01-01");
  }

  @Test
  void explicitKeysOfAMultiDimensionAssetMustBeCanonical() {
    PartitionSpec multi = spec(time("date", "day", ""), statics("region", "eu"));
    assertInvalid(
        () ->
            PartitionSpaces.of(
                "a.b",
                multi,
                new PartitionSelector.Explicit(List.of("2025-01-01")),
                DynamicMembers.NONE),
        "invalid partitionKey: missing '=' in partition segment: 2025-01-01");
    PartitionSpace ok =
        PartitionSpaces.of(
            "a.b",
            multi,
            new PartitionSelector.Explicit(List.of("date=d:2025-01-01,region=s:ZXU")),
            DynamicMembers.NONE);
    assertThat(all(ok)).containsExactly("date=d:2025-01-01,region=s:ZXU");
  }

  @Test
  void explicitDynamicKeysAreCheckedAgainstTheGivenMembers() {
    PartitionSpec customers =
        spec("{\"name\":\"customer\",\"kind\":\"dynamic\",\"set\":\"customers\"}");
    DynamicMembers members = name -> new TreeSet<>(List.of("acme"));
    assertThat(
            all(
                PartitionSpaces.of(
                    "a.b", customers, new PartitionSelector.Explicit(List.of("acme")), members)))
        .containsExactly("customer=" + s("acme"));
    assertInvalid(
        () ->
            PartitionSpaces.of(
                "a.b", customers, new PartitionSelector.Explicit(List.of("initech")), members),
        "dimension 'customer' value 'initech' is not a member of set 'customers'");
  }

  @Test
  void anUnpartitionedAssetNamesNoPartitions() {
    assertInvalid(
        () -> range(PartitionSpec.UNPARTITIONED, "2025-01-01", "2025-01-02"),
        "partition key provided for unpartitioned asset: a.b");
  }

  // ---- time windows --------------------------------------------------------------------------

  @Test
  void aDailyRangeNamesEveryDayBetweenItsBoundsInclusive() {
    PartitionSpace space = range(spec(time("date", "day", "")), " 2025-01-30", "2025-02-02 ");
    assertThat(space.size()).isEqualTo(4);
    assertThat(all(space))
        .containsExactly(
            "date=d:2025-01-30", "date=d:2025-01-31", "date=d:2025-02-01", "date=d:2025-02-02");
  }

  @Test
  void aTimeDimensionWithoutGranularityEnumeratesDays() {
    assertThat(all(range(spec("{\"name\":\"ts\",\"kind\":\"time\"}"), "2025-01-01", "2025-01-02")))
        .containsExactly("ts=d:2025-01-01", "ts=d:2025-01-02");
  }

  @Test
  void aWeeklyRangeNamesTheMondaysWithinItsBounds() {
    assertThat(all(range(spec(time("week", "week", "")), "2025-01-01", "2025-01-31")))
        .containsExactly(
            "week=d:2025-01-06", "week=d:2025-01-13", "week=d:2025-01-20", "week=d:2025-01-27");
  }

  @Test
  void aMonthlyRangeNamesTheFirstDaysWithinItsBounds() {
    assertThat(all(range(spec(time("month", "month", "")), "2024-11-15", "2025-03-01")))
        .containsExactly(
            "month=d:2024-12-01", "month=d:2025-01-01", "month=d:2025-02-01", "month=d:2025-03-01");
  }

  @Test
  void anHourlyRangeWithDateBoundsCoversWholeDays() {
    PartitionSpace space = range(spec(time("ts", "hour", "")), "2025-01-01", "2025-01-02");
    assertThat(space.size()).isEqualTo(48);
    assertThat(space.slice(0, 2))
        .containsExactly("ts=t:2025-01-01T00:00:00.000000Z", "ts=t:2025-01-01T01:00:00.000000Z");
    assertThat(space.slice(47, 10)).containsExactly("ts=t:2025-01-02T23:00:00.000000Z");
  }

  @Test
  void anHourlyRangeWithInstantBoundsTakesTheWindowsStartingBetweenThem() {
    PartitionSpace space =
        range(spec(time("ts", "hour", "")), "2025-01-01T10:30:00Z", "2025-01-01T13:00:00+01:00");
    assertThat(all(space))
        .containsExactly("ts=t:2025-01-01T11:00:00.000000Z", "ts=t:2025-01-01T12:00:00.000000Z");
  }

  @Test
  void hourlyWindowsInBerlinSkipTheSpringGapAndRepeatTheAutumnHour() {
    PartitionSpec berlin = spec(time("ts", "hour", ",\"timezone\":\"Europe/Berlin\""));
    PartitionSpace spring = range(berlin, "2025-03-30", "2025-03-30");
    assertThat(spring.size()).isEqualTo(23);
    assertThat(spring.slice(0, 3))
        .as("local 00:00, 01:00, then 03:00: local 02:00 does not exist")
        .containsExactly(
            "ts=t:2025-03-29T23:00:00.000000Z",
            "ts=t:2025-03-30T00:00:00.000000Z",
            "ts=t:2025-03-30T01:00:00.000000Z");
    PartitionSpace autumn = range(berlin, "2025-10-26", "2025-10-26");
    assertThat(autumn.size()).isEqualTo(25);
    assertThat(autumn.slice(1, 3))
        .as("local 01:00, 02:00 (summer time), 02:00 (winter time)")
        .containsExactly(
            "ts=t:2025-10-25T23:00:00.000000Z",
            "ts=t:2025-10-26T00:00:00.000000Z",
            "ts=t:2025-10-26T01:00:00.000000Z");
    assertThat(autumn.slice(24, 1)).containsExactly("ts=t:2025-10-26T22:00:00.000000Z");
  }

  @Test
  void hourlyWindowsFollowHalfHourOffsetsAndHalfHourDaylightSaving() {
    PartitionSpace kolkata =
        range(
            spec(time("ts", "hour", ",\"timezone\":\"Asia/Kolkata\"")), "2025-01-15", "2025-01-15");
    assertThat(kolkata.size()).isEqualTo(24);
    assertThat(kolkata.slice(0, 1)).containsExactly("ts=t:2025-01-14T18:30:00.000000Z");
    PartitionSpace lordHowe =
        range(
            spec(time("ts", "hour", ",\"timezone\":\"Australia/Lord_Howe\"")),
            "2025-10-05",
            "2025-10-05");
    assertThat(lordHowe.size()).as("local 02:00 jumps to 02:30: no window starts at 02:00").isEqualTo(23);
    assertThat(lordHowe.slice(1, 2))
        .containsExactly("ts=t:2025-10-04T14:30:00.000000Z", "ts=t:2025-10-04T16:00:00.000000Z");
  }

  @Test
  void aRangeIsClippedToTheDefinitionsStartAndEnd() {
    PartitionSpec bounded =
        spec(time("date", "day", ",\"start\":\"2025-01-10\",\"end\":\"2025-01-20\""));
    PartitionSpace space = range(bounded, "2025-01-01", "2025-12-31");
    assertThat(space.size()).isEqualTo(11);
    assertThat(space.slice(0, 1)).containsExactly("date=d:2025-01-10");
    assertThat(space.slice(10, 1)).containsExactly("date=d:2025-01-20");
    assertInvalid(
        () -> range(bounded, "2024-01-01", "2024-12-31"),
        "partition selector resolves to zero partitions");
  }

  @Test
  void boundsMayUseTheDimensionsFormat() {
    PartitionSpec compact = spec(time("date", "day", ",\"format\":\"yyyyMMdd\""));
    assertThat(all(range(compact, "20250101", "2025-01-03")))
        .containsExactly("date=d:2025-01-01", "date=d:2025-01-02", "date=d:2025-01-03");
  }

  @Test
  void badBoundsKeepTheContractsMessages() {
    PartitionSpec daily = spec(time("date", "day", ""));
    assertInvalid(
        () -> range(daily, "2025/01/01", "2025-01-02"),
        "partition selector bounds must use YYYY-MM-DD");
    assertInvalid(
        () -> range(daily, "2025-01-01", "2025-02-30"),
        "partition selector bounds must use YYYY-MM-DD");
    assertInvalid(
        () -> range(daily, "2025-01-03", "2025-01-02"),
        "partition selector start must be less than or equal to end");
    assertInvalid(() -> range(daily, " ", "2025-01-02"), "range selector requires start and end");
  }

  @Test
  void filterSelectorsReadStartAndEndOrTheirAliases() {
    PartitionSpec daily = spec(time("date", "day", ""));
    PartitionSpace space =
        PartitionSpaces.of(
            "a.b",
            daily,
            new PartitionSelector.Filter(
                Map.of("partition_start", "2025-01-01", "end", "2025-01-02")),
            DynamicMembers.NONE);
    assertThat(space.size()).isEqualTo(2);
    assertInvalid(
        () ->
            PartitionSpaces.of(
                "a.b",
                daily,
                new PartitionSelector.Filter(
                    Map.of("start", "2025-01-01", "partition_start", "2025-01-02", "end", "x")),
                DynamicMembers.NONE),
        "filter selector start bounds are conflicting");
    assertInvalid(
        () ->
            PartitionSpaces.of(
                "a.b",
                daily,
                new PartitionSelector.Filter(Map.of("start", "2025-01-01")),
                DynamicMembers.NONE),
        "filter selector requires start/end bounds");
  }

  // ---- other dimensions ----------------------------------------------------------------------

  @Test
  void keysAreTimeMajorThenOtherDimensionsByNameWithValuesAscending() {
    PartitionSpec multi =
        spec(statics("region", "us", "eu"), time("date", "day", ""), statics("a_tier", "silver", "gold"));
    PartitionSpace space = range(multi, "2025-01-01", "2025-01-02");
    assertThat(space.size()).isEqualTo(8);
    String d1 = "date=d:2025-01-01";
    String d2 = "date=d:2025-01-02";
    assertThat(all(space))
        .containsExactly(
            "a_tier=" + s("gold") + "," + d1 + ",region=" + s("eu"),
            "a_tier=" + s("gold") + "," + d1 + ",region=" + s("us"),
            "a_tier=" + s("silver") + "," + d1 + ",region=" + s("eu"),
            "a_tier=" + s("silver") + "," + d1 + ",region=" + s("us"),
            "a_tier=" + s("gold") + "," + d2 + ",region=" + s("eu"),
            "a_tier=" + s("gold") + "," + d2 + ",region=" + s("us"),
            "a_tier=" + s("silver") + "," + d2 + ",region=" + s("eu"),
            "a_tier=" + s("silver") + "," + d2 + ",region=" + s("us"));
    assertThat(all(space)).allSatisfy(k -> assertThat(PartitionKey.parse(k).canonical()).isEqualTo(k));
    assertThat(space.slice(3, 2)).containsExactlyElementsOf(all(space).subList(3, 5));
    assertThat(space.slice(8, 5)).isEmpty();
    assertThat(space.slice(6, 10)).hasSize(2);
  }

  @Test
  void tenYearsOfHoursTimesFiftyValuesAnswerSizeAndDeepSlicesArithmetically() {
    String[] values = new String[50];
    for (int i = 0; i < values.length; i++) {
      values[i] = String.format("v%02d", i);
    }
    PartitionSpec big =
        spec(time("ts", "hour", ",\"timezone\":\"Europe/Berlin\""), statics("shard", values));
    PartitionSpace space = range(big, "2015-01-01", "2024-12-31");
    Instant first = LocalDate.of(2015, 1, 1).atStartOfDay(java.time.ZoneId.of("Europe/Berlin")).toInstant();
    Instant afterLast =
        LocalDate.of(2025, 1, 1).atStartOfDay(java.time.ZoneId.of("Europe/Berlin")).toInstant();
    long hours = Duration.between(first, afterLast).toHours();
    assertThat(space.size()).isEqualTo(hours * 50).isEqualTo(87_672L * 50);

    long offset = space.size() - 3;
    assertThat(space.slice(offset, 10))
        .containsExactly(
            "shard=" + s("v47") + ",ts=t:2024-12-31T22:00:00.000000Z",
            "shard=" + s("v48") + ",ts=t:2024-12-31T22:00:00.000000Z",
            "shard=" + s("v49") + ",ts=t:2024-12-31T22:00:00.000000Z");
    long middle = 50L * 50_000 + 7;
    Instant window = first.plus(Duration.ofHours(50_000));
    assertThat(space.slice(middle, 1))
        .containsExactly(
            "shard="
                + s("v07")
                + ",ts=t:"
                + PartitionValue.TimestampValue.FORMAT.format(window.atOffset(ZoneOffset.UTC)));
  }

  @Test
  void dynamicDimensionsEnumerateTheSetsCurrentMembers() {
    PartitionSpec spec =
        spec(
            time("date", "day", ""),
            "{\"name\":\"customer\",\"kind\":\"dynamic\",\"set\":\"customers\"}");
    List<String> seen = new ArrayList<>();
    DynamicMembers members =
        name -> {
          seen.add(name);
          return new TreeSet<>(List.of("globex", "acme"));
        };
    PartitionSpace space =
        PartitionSpaces.of(
            "a.b", spec, new PartitionSelector.Range("2025-01-01", "2025-01-01"), members);
    assertThat(all(space))
        .containsExactly(
            "customer=" + s("acme") + ",date=d:2025-01-01",
            "customer=" + s("globex") + ",date=d:2025-01-01");
    assertThat(seen).containsExactly("customers");
    assertInvalid(
        () ->
            PartitionSpaces.of(
                "a.b",
                spec,
                new PartitionSelector.Range("2025-01-01", "2025-01-01"),
                DynamicMembers.NONE),
        "partition selector resolves to zero partitions");
  }

  @Test
  void dimensionsWithoutAKnownValueListCannotBeEnumerated() {
    String daily = time("date", "day", "");
    assertInvalid(
        () -> range(spec(daily, "{\"name\":\"tenant\",\"kind\":\"tenant\"}"), "2025-01-01", "2025-01-01"),
        "range selector cannot enumerate dimension 'tenant' of kind 'tenant'");
    assertInvalid(
        () -> range(spec(daily, "{\"name\":\"region\",\"kind\":\"static\"}"), "2025-01-01", "2025-01-01"),
        "range selector cannot enumerate dimension 'region' of kind 'static'");
    assertInvalid(
        () -> range(spec(daily, "{\"name\":\"shard\",\"kind\":\"hash\"}"), "2025-01-01", "2025-01-01"),
        "range selector cannot enumerate dimension 'shard' of kind 'hash'");
  }

  @Test
  void rangesNeedExactlyOneTimeDimensionOfAKnownGranularity() {
    assertInvalid(
        () -> range(spec(statics("region", "eu")), "2025-01-01", "2025-01-01"),
        "range selectors need an asset with a time dimension");
    assertInvalid(
        () -> range(spec(time("a", "day", ""), time("b", "hour", "")), "2025-01-01", "2025-01-01"),
        "range selectors need an asset with exactly one time dimension");
    assertInvalid(
        () -> range(spec(time("m", "minute", "")), "2025-01-01", "2025-01-01"),
        "unsupported time granularity 'minute' for 'm'");
  }
}
