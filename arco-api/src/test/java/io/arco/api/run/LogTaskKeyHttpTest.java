package io.arco.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log routes take only task keys of the grammar (decisions §7.10): a canonical asset key,
 * optionally {@code @} and a canonical partition key; anything else is 400 {@code invalid task_key}.
 */
class LogTaskKeyHttpTest {
  private static final List<String> OUTSIDE_THE_GRAMMAR =
      List.of(
          "analytics.d@bogus",
          "analytics.d@",
          "analytics.d@date=2025-01-15",
          "analytics.d@date=d:2025-1-15",
          "analytics.d@region=s:dXM,date=d:2025-01-15",
          "analytics.d@date=d:2025-01-15@x",
          "analytics/d",
          "Analytics.d",
          "analytics");

  private final TestServer server = TestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Resp upload(String taskKey) {
    return server.post(server.ws() + "/runs/r1/logs", Map.of("taskKey", taskKey, "attempt", 1, "stdout", "out"));
  }

  private TestServer.Resp read(String taskKey) {
    return server.get(
        server.ws() + "/runs/r1/logs?taskKey=" + URLEncoder.encode(taskKey, StandardCharsets.UTF_8));
  }

  private static void assertInvalidTaskKey(TestServer.Resp r, String taskKey) {
    assertThat(r.status()).as(taskKey + ": " + r.raw()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("BAD_REQUEST");
    assertThat(r.message()).isEqualTo("invalid task_key");
  }

  @Test
  void logUploadRefusesTaskKeysOutsideTheGrammar() {
    for (String key : OUTSIDE_THE_GRAMMAR) {
      assertInvalidTaskKey(upload(key), key);
    }
    assertThat(read("analytics.d").status()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void logReadRefusesTaskKeysOutsideTheGrammar() {
    for (String key : OUTSIDE_THE_GRAMMAR) {
      assertInvalidTaskKey(read(key), key);
    }
  }

  @Test
  void taskKeysOfTheGrammarAreStoredAndRead() {
    for (String key :
        List.of(
            "analytics.d",
            "analytics.users.daily",
            "analytics.d@date=d:2025-01-15",
            "analytics.d@date=d:2025-01-15,region=s:dXM")) {
      TestServer.Resp up = upload(key);
      assertThat(up.status()).as(key + ": " + up.raw()).isEqualTo(200);
      assertThat(up.body().get("path").asText()).isEqualTo("logs/r1/" + key + "/attempt-1.log");
      TestServer.Resp r = read(key);
      assertThat(r.status()).as(key).isEqualTo(200);
      assertThat(r.raw()).startsWith("--- logs/r1/" + key + "/attempt-1.log ---\n");
    }
  }
}
