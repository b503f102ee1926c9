package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.Ids;
import io.arco.flow.model.PartitionPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerFingerprintTest {
  private static final PartitionSpec DAILY =
      PartitionSpec.from(
          json("{\"dimensions\":[{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"day\"}]}"));
  private static final PartitionSpec HOURLY =
      PartitionSpec.from(json("{\"dimensions\":[{\"name\":\"ts\",\"kind\":\"time\"}]}"));

  @Test
  void unpartitionedSelectionWithoutLabelsMatchesTheContractVector() {
    assertThat(
            TriggerFingerprint.primary(
                List.of("analytics.orders"), false, false, Optional.empty(), Map.of()))
        .isEqualTo("209cab273a10ee93b303d2c6471cc91d9dfa2c15d2a41fab5eaa8c3492048400");
  }

  @Test
  void partitionedDownstreamWithLabelsMatchesTheHashingVector() {
    assertThat(
            TriggerFingerprint.primary(
                List.of("analytics.orders"),
                false,
                true,
                Optional.of("date=d:2025-01-15"),
                Map.of("env", "prod")))
        .isEqualTo("b093e06a7a67c812be03dc0cbaea4573f998f86695db9ccf3750d02b86b4978a");
  }

  @Test
  void selectionOrderAndDuplicatesDoNotMatter() {
    String a =
        TriggerFingerprint.primary(
            List.of("b.x", "a.y", "b.x"), true, false, Optional.empty(), Map.of());
    String b =
        TriggerFingerprint.primary(List.of("a.y", "b.x"), true, false, Optional.empty(), Map.of());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void labelsAreSortedAndNonAsciiIsRawWhileControlCharactersUseLowerCaseEscapes() {
    String expected =
        Ids.sha256Hex(
            "{\"selection\":[\"a.b\"],\"include_upstream\":false,\"include_downstream\":false,"
                + "\"labels\":{\"a\":\"\\u001f\\n\",\"z\":\"🎉é\"}}");
    assertThat(
            TriggerFingerprint.primary(
                List.of("a.b"),
                false,
                false,
                Optional.empty(),
                Map.of("z", "🎉é", "a", "\u001f\n")))
        .isEqualTo(expected);
  }

  @Test
  void labelKeysSortInUtf8ByteOrder() {
    String expected =
        Ids.sha256Hex(
            "{\"selection\":[\"a.b\"],\"include_upstream\":false,\"include_downstream\":false,"
                + "\"labels\":{\"\uFFFF\":\"1\",\"🎉\":\"2\"}}");
    assertThat(
            TriggerFingerprint.primary(
                List.of("a.b"), false, false, Optional.empty(), Map.of("🎉", "2", "\uFFFF", "1")))
        .isEqualTo(expected);
  }

  @Test
  void unpartitionedRequestHasOnlyThePrimaryVariant() {
    assertThat(
            TriggerFingerprint.variants(List.of("a.b"), false, false, Optional.empty(), Map.of()))
        .containsExactly(
            TriggerFingerprint.primary(List.of("a.b"), false, false, Optional.empty(), Map.of()));
  }

  @Test
  void legacyPartitionsRequestAcceptsItsOlderEncodings() {
    ResolvedPartition r =
        PartitionResolver.DEFAULT
            .resolve(Optional.empty(), List.of(new PartitionPair("date", "2024-01-15")), DAILY)
            .orElseThrow();
    String head =
        "{\"selection\":[\"analytics.orders\"],\"include_upstream\":false,\"include_downstream\":false,";
    assertThat(
            TriggerFingerprint.variants(
                List.of("analytics.orders"), false, false, Optional.of(r), Map.of()))
        .contains(
            Ids.sha256Hex(head + "\"partition_key\":\"date=d:2024-01-15\",\"labels\":{}}"),
            Ids.sha256Hex(
                head + "\"partitions\":[],\"partition_key\":\"date=d:2024-01-15\",\"labels\":{}}"),
            Ids.sha256Hex(head + "\"partition_key\":\"date=s:MjAyNC0wMS0xNQ\",\"labels\":{}}"),
            Ids.sha256Hex(
                head
                    + "\"partitions\":[{\"key\":\"date\",\"value\":\"2024-01-15\"}],\"labels\":{}}"))
        .hasSize(5);
  }

  @Test
  void keyFormRequestAcceptsTimeAsStringFormsWithAndWithoutMicros() {
    ResolvedPartition r =
        PartitionResolver.DEFAULT
            .resolve(Optional.of("ts=t:2025-01-15T10:00:00.000000Z"), List.of(), HOURLY)
            .orElseThrow();
    String head =
        "{\"selection\":[\"a.b\"],\"include_upstream\":false,\"include_downstream\":false,";
    String full = "ts=" + new PartitionValue.StringValue("2025-01-15T10:00:00.000000Z").encoded();
    String trimmed = "ts=" + new PartitionValue.StringValue("2025-01-15T10:00:00Z").encoded();
    assertThat(TriggerFingerprint.variants(List.of("a.b"), false, false, Optional.of(r), Map.of()))
        .contains(
            Ids.sha256Hex(head + "\"partition_key\":\"" + full + "\",\"labels\":{}}"),
            Ids.sha256Hex(head + "\"partition_key\":\"" + trimmed + "\",\"labels\":{}}"),
            Ids.sha256Hex(
                head
                    + "\"partitions\":[{\"key\":\"ts\",\"value\":\"2025-01-15T10:00:00Z\"}],\"labels\":{}}"),
            Ids.sha256Hex(
                head
                    + "\"partitions\":[{\"key\":\"ts\",\"value\":\"2025-01-15T10:00:00.000000Z\"}],\"labels\":{}}"))
        .hasSize(8);
  }

  @Test
  void keyFormAndPartitionsFormShareTheirPrimaryFingerprint() {
    ResolvedPartition byKey =
        PartitionResolver.DEFAULT
            .resolve(Optional.of("date=d:2024-01-15"), List.of(), DAILY)
            .orElseThrow();
    ResolvedPartition byPairs =
        PartitionResolver.DEFAULT
            .resolve(Optional.empty(), List.of(new PartitionPair("date", "2024-01-15")), DAILY)
            .orElseThrow();
    assertThat(
            TriggerFingerprint.primary(
                List.of("a.b"), false, false, Optional.of(byKey.canonicalKey()), Map.of()))
        .isEqualTo(
            TriggerFingerprint.primary(
                List.of("a.b"), false, false, Optional.of(byPairs.canonicalKey()), Map.of()));
  }
}
