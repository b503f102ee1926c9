package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.plan.PartitionValue.BoolValue;
import io.arco.flow.plan.PartitionValue.DateValue;
import io.arco.flow.plan.PartitionValue.IntValue;
import io.arco.flow.plan.PartitionValue.NullValue;
import io.arco.flow.plan.PartitionValue.StringValue;
import io.arco.flow.plan.PartitionValue.TimestampValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "date=d:2025-01-15",
        "date=d:2025-01-15,region=s:dXMtZWFzdA",
        "active=b:true,count=i:42",
        "name=s:dGVzdA",
        "path=s:Zm9vL2Jhcg",
        "ts=t:2025-01-15T10:30:00.000000Z",
        "missing=n:null",
        "empty=s:",
        "emoji=s:8J-OiQ",
        "neg=i:-7",
        "zero=i:0"
      })
  void grammarExamplesRoundTrip(String text) {
    assertThat(PartitionKey.parse(text).canonical()).isEqualTo(text);
  }

  @Test
  void examplesDecodeToTypedValues() {
    assertThat(PartitionKey.parse("date=d:2025-01-15,region=s:dXMtZWFzdA").dimensions())
        .containsExactly(
            Map.entry("date", new DateValue(2025, 1, 15)),
            Map.entry("region", new StringValue("us-east")));
    assertThat(PartitionKey.parse("emoji=s:8J-OiQ").dimensions().get("emoji"))
        .isEqualTo(new StringValue("🎉"));
    assertThat(PartitionKey.parse("active=b:true,count=i:42").dimensions())
        .containsExactly(
            Map.entry("active", new BoolValue(true)), Map.entry("count", new IntValue(42)));
    assertThat(PartitionKey.parse("missing=n:null").dimensions().get("missing"))
        .isEqualTo(new NullValue());
    assertThat(PartitionKey.parse("ts=t:2025-01-15T10:30:00.000000Z").dimensions().get("ts"))
        .isEqualTo(new TimestampValue(Instant.parse("2025-01-15T10:30:00Z")));
    assertThat(PartitionKey.parse("empty=s:").dimensions().get("empty"))
        .isEqualTo(new StringValue(""));
  }

  @Test
  void emptyStringIsTheEmptyKey() {
    assertThat(PartitionKey.parse("")).isEqualTo(PartitionKey.EMPTY);
    assertThat(PartitionKey.EMPTY.canonical()).isEmpty();
  }

  @Test
  void canonicalSortsDimensionsByName() {
    PartitionKey key =
        PartitionKey.of(Map.of("region", new StringValue("eu"), "date", new DateValue(2025, 1, 2)));
    assertThat(key.canonical()).isEqualTo("date=d:2025-01-02,region=s:ZXU");
  }

  @Test
  void grammarErrorsUseTheContractMessages() {
    assertInvalid(
        () -> PartitionKey.parse("date"),
        "invalid partitionKey: missing '=' in partition segment: date");
    assertInvalid(
        () -> PartitionKey.parse("Date=d:2025-01-15"),
        "invalid partitionKey: invalid partition key: Date");
    assertInvalid(
        () -> PartitionKey.parse("date=2025-01-15"),
        "invalid partitionKey: missing type prefix in value: 2025-01-15");
    assertInvalid(
        () -> PartitionKey.parse("x=f:1.5"), "invalid partitionKey: unknown type prefix: f");
    assertInvalid(
        () -> PartitionKey.parse("flag=b:yes"), "invalid partitionKey: invalid boolean value: yes");
    assertInvalid(
        () -> PartitionKey.parse("count=i:4x"), "invalid partitionKey: invalid integer value: 4x");
    assertInvalid(
        () -> PartitionKey.parse("count=i:99999999999999999999"),
        "invalid partitionKey: invalid integer value: 99999999999999999999");
    assertInvalid(
        () -> PartitionKey.parse("name=s:dGVzdA=="),
        "invalid partitionKey: invalid base64 encoding: dGVzdA==");
    assertInvalid(
        () -> PartitionKey.parse("name=s:a"), "invalid partitionKey: invalid base64 encoding: a");
    assertInvalid(
        () -> PartitionKey.parse("name=s:_w"),
        "invalid partitionKey: invalid UTF-8 in decoded string: _w");
    assertInvalid(
        () -> PartitionKey.parse("date=d:1969-12-31"),
        "invalid partitionKey: invalid date value: 1969-12-31");
    assertInvalid(
        () -> PartitionKey.parse("date=d:2025-04-31"),
        "invalid partitionKey: invalid date value: 2025-04-31");
    assertInvalid(
        () -> PartitionKey.parse("date=d:2025-1-5"),
        "invalid partitionKey: invalid date value: 2025-1-5");
    assertInvalid(
        () -> PartitionKey.parse("ts=t:2025-01-15T10:30:00Z"),
        "invalid partitionKey: invalid timestamp value: 2025-01-15T10:30:00Z");
    assertInvalid(
        () -> PartitionKey.parse("ts=t:2025-02-30T10:30:00.000000Z"),
        "invalid partitionKey: invalid timestamp value: 2025-02-30T10:30:00.000000Z");
    assertInvalid(
        () -> PartitionKey.parse("x=n:nil"), "invalid partitionKey: invalid null value: nil");
    assertInvalid(
        () -> PartitionKey.parse("a=i:1,a=i:2"),
        "invalid partitionKey: duplicate key in partition key: a");
    assertInvalid(
        () -> PartitionKey.parse("a=i:1,"),
        "invalid partitionKey: missing '=' in partition segment: ");
  }

  @Test
  void leapDayIsAcceptedInAnyYearAsTheGrammarDoesNotCheckLeapYears() {
    assertThat(PartitionKey.parse("date=d:2023-02-29").dimensions().get("date"))
        .isEqualTo(new DateValue(2023, 2, 29));
    assertInvalid(
        () -> PartitionKey.parse("date=d:2024-02-30"),
        "invalid partitionKey: invalid date value: 2024-02-30");
  }

  @Test
  void nonCanonicalIntegersAreRefusedWithTheCanonicalForm() {
    assertInvalid(
        () -> PartitionKey.parse("count=i:+5"),
        "partitionKey must be canonical: expected 'count=i:5'");
    assertInvalid(
        () -> PartitionKey.parse("count=i:007"),
        "partitionKey must be canonical: expected 'count=i:7'");
    assertInvalid(
        () -> PartitionKey.parse("count=i:-0"),
        "partitionKey must be canonical: expected 'count=i:0'");
  }

  @Test
  void unsortedDimensionsAreRefusedWithTheCanonicalForm() {
    assertInvalid(
        () -> PartitionKey.parse("region=s:ZXU,date=d:2025-01-02"),
        "partitionKey must be canonical: expected 'date=d:2025-01-02,region=s:ZXU'");
  }

  @Test
  void valuesOrderByTypeThenValue() {
    List<PartitionValue> ordered =
        List.of(
            new NullValue(),
            new BoolValue(false),
            new BoolValue(true),
            new IntValue(-5),
            new IntValue(2),
            new IntValue(10),
            new StringValue(""),
            new StringValue("\uFFFF"),
            new StringValue("🎉"),
            new DateValue(1970, 1, 1),
            new DateValue(9999, 12, 31),
            new TimestampValue(Instant.EPOCH));
    List<PartitionValue> shuffled = new ArrayList<>(ordered);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).containsExactlyElementsOf(ordered);
  }

  @Property
  void parseOfCanonicalIsIdentity(@ForAll("keys") PartitionKey key) {
    assertThat(PartitionKey.parse(key.canonical())).isEqualTo(key);
  }

  @Provide
  Arbitrary<PartitionKey> keys() {
    Arbitrary<String> names =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
    return Arbitraries.maps(names, values())
        .ofMaxSize(4)
        .map(m -> PartitionKey.of(new TreeMap<>(m)));
  }

  private Arbitrary<PartitionValue> values() {
    Arbitrary<PartitionValue> strings =
        Arbitraries.strings()
            .all()
            .ofMaxLength(12)
            .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF))
            .map(StringValue::new);
    Arbitrary<PartitionValue> ints = Arbitraries.longs().map(IntValue::new);
    Arbitrary<PartitionValue> bools = Arbitraries.of(true, false).map(BoolValue::new);
    Arbitrary<PartitionValue> dates =
        Combinators.combine(
                Arbitraries.integers().between(1970, 9999),
                Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28))
            .as(DateValue::new);
    Arbitrary<PartitionValue> timestamps =
        Arbitraries.longs()
            .between(0, 253_402_300_799L)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999)
                        .map(
                            us ->
                                new TimestampValue(
                                    Instant.ofEpochSecond(s).plus(us, ChronoUnit.MICROS))));
    return Arbitraries.oneOf(
        strings, ints, bools, dates, timestamps, Arbitraries.just(new NullValue()));
  }
}
