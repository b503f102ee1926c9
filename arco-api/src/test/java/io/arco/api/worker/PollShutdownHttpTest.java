package io.arco.api.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server answers the long polls it holds: a worker waiting in {@code
 * POST /workers/poll} gets the route's normal empty answer {@code {"tasks": []}}, not a dropped
 * connection.
 */
class PollShutdownHttpTest {
  @Test
  void aLongPollPendingWhenTheServerStopsIsAnsweredEmpty() throws Exception {
    TestServer server = TestServer.start();
    try (HttpClient http = HttpClient.newHttpClient()) {
      CompletableFuture<HttpResponse<String>> poll =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + server.ws() + "/workers/poll"))
                  .header("Content-Type", "application/json")
                  .header("X-Tenant-Id", "t1")
                  .header("X-Workspace-Id", "w1")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(Map.of("workerId", "w-1", "waitMs", 30_000))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // Nothing is claimable, so the poll waits; stop once it is waiting.
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            while (server.engine().longPollsWaiting() == 0) {
              Thread.sleep(5);
            }
          });

      server.close();

      // Well before the poll's own 30 s wait would end.
      HttpResponse<String> answer = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> poll.get());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(answer.body())).isEqualTo(Json.MAPPER.readTree("{\"tasks\":[]}"));
    }
  }
}
