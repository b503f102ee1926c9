package io.arco.flow.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void automationRunIdsMatchTheReferenceVector() {
    assertThat(
            Ids.runIdFromRunKey(
                "test-secret".getBytes(StandardCharsets.UTF_8),
                new Scope("tenant-abc", "workspace-prod"),
                "sched:daily-etl:1736935200"))
        .isEqualTo("run_ba6mduulcrdaksbnw2imp3eiwq");
  }

  @Test
  void attemptIdsMatchTheReferenceVector() {
    assertThat(Ids.attemptId("dispatch:run1:extract:1")).isEqualTo("att_af5c419a69061299a227e6a9");
  }

  @Test
  void callbackTaskIdsRoundTripAndMatchTheContractExample() {
    assertThat(Ids.callbackTaskId("run-123", "analytics.daily_sales"))
        .isEqualTo("ct1_cnVuLTEyMwBhbmFseXRpY3MuZGFpbHlfc2FsZXM");
    assertThat(Ids.parseCallbackTaskId("ct1_cnVuLTEyMwBhbmFseXRpY3MuZGFpbHlfc2FsZXM"))
        .contains(new Ids.CallbackTaskId("run-123", "analytics.daily_sales"));
    assertThat(Ids.parseCallbackTaskId("nope")).isEmpty();
    assertThat(Ids.parseCallbackTaskId("ct1_!!")).isEmpty();
  }

  @Test
  void retryTimerIdsEmbedTheFireEpoch() {
    assertThat(Ids.retryTimerId("r", "a.b", 2, Instant.ofEpochSecond(1705320000)))
        .isEqualTo("timer:retry:r:a.b:2:1705320000");
  }
}
