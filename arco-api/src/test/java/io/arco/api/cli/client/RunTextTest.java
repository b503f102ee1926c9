package io.arco.api.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a run reads as text: the progress line, task details and elapsed time. */
class RunTextTest {
  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void theProgressLineShowsTheStateABarOfFinishedTasksAndTheNonZeroCounts() throws Exception {
    JsonNode run =
        json(
            """
            {"state":"RUNNING","taskCounts":{"total":8,"pending":3,"queued":0,"running":1,
             "succeeded":3,"failed":1,"skipped":0,"cancelled":0}}
            """);

    assertThat(RunText.progress(run))
        .isEqualTo("RUNNING [##########..........] 4/8 | 3 pending, 1 running, 3 succeeded, 1 failed");
  }

  @Test
  void aRunHeldByAConcurrencyLimitSaysWhichOne() throws Exception {
    JsonNode run =
        json(
            """
            {"state":"PENDING","taskCounts":{"total":1,"pending":1},
             "queueReasons":[{"kind":"LABEL_LIMIT","label":"team","value":"growth","limit":2,"inProgress":2},
                             {"kind":"MAX_CONCURRENT_RUNS","limit":5,"inProgress":5}]}
            """);

    assertThat(RunText.progress(run))
        .isEqualTo(
            "PENDING [....................] 0/1 | 1 pending | waiting: label team=growth 2/2, max concurrent runs 5/5");
  }

  @Test
  void aTaskDetailExplainsASkipAFailureOrARetry() throws Exception {
    assertThat(
            RunText.taskDetail(
                json(
                    "{\"state\":\"SKIPPED\",\"skipAttribution\":{\"upstreamTaskKey\":\"a.b\",\"upstreamResolution\":\"FAILED\"}}")))
        .isEqualTo("upstream a.b FAILED");
    assertThat(RunText.taskDetail(json("{\"state\":\"FAILED\",\"errorMessage\":\"boom\"}"))).isEqualTo("boom");
    assertThat(
            RunText.taskDetail(
                json(
                    "{\"state\":\"SUCCEEDED\",\"retryAttribution\":{\"retries\":1,\"reason\":\"prior_attempt_failed\","
                        + "\"priorAttemptError\":{\"attempt\":1,\"message\":\"exit 75\"}}}")))
        .isEqualTo("retried 1x (attempt 1: exit 75)");
    assertThat(RunText.taskDetail(json("{\"state\":\"SUCCEEDED\"}"))).isEqualTo("-");
  }

  @Test
  void elapsedTimeIsMinutesAndSecondsThenHours() {
    assertThat(RunText.elapsed(Duration.ofMillis(65_900))).isEqualTo("01:05");
    assertThat(RunText.elapsed(Duration.ofSeconds(3 * 3600 + 61))).isEqualTo("3:01:01");
  }
}
