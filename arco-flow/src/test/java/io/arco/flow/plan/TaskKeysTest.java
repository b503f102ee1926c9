package io.arco.flow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task-key grammar: a canonical asset key, optionally {@code @} and a canonical partition key. */
class TaskKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "analytics.d",
        "analytics.users.daily",
        "analytics.d@date=d:2025-01-15",
        "analytics.d@date=d:2025-01-15,region=s:dXM",
        "analytics.d@n=i:7"
      })
  void canonicalAssetKeysWithOptionalCanonicalPartitionKeysAreTaskKeys(String key) {
    assertThat(TaskKeys.isValid(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "analytics",
        "Analytics.d",
        "analytics/d",
        "analytics.d/../x",
        "analytics.d@",
        "analytics.d@bogus",
        "analytics.d@date=2025-01-15",
        "analytics.d@region=s:dXM,date=d:2025-01-15",
        "analytics.d@n=i:007",
        "analytics.d@date=d:2025-01-15@x",
        "@date=d:2025-01-15"
      })
  void anythingElseIsNot(String key) {
    assertThat(TaskKeys.isValid(key)).isFalse();
  }
}
