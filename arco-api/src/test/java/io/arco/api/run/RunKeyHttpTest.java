package io.arco.api.run;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** run_key replay and conflict over HTTP (api-contract §5). */
class RunKeyHttpTest {
  private final TestServer server = TestServer.start();

  @BeforeEach
  void manifestDeployed() {
    server.post(server.ws() + "/manifests", manifest(asset("s.a"), asset("s.b"), asset("s.c", "s.a")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> keyed(String key, String... selection) {
    Map<String, Object> body = trigger(selection);
    body.put("runKey", key);
    return body;
  }

  @Test
  void theSameRunKeyAndPayloadReturnTheExistingRunWithCreatedFalse() {
    TestServer.Resp first = server.post(server.ws() + "/runs", keyed("daily-2026-01-01", "s.a", "s.b"));
    TestServer.Resp again = server.post(server.ws() + "/runs", keyed("daily-2026-01-01", "s.b", "s.a"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.body().get("created").asBoolean()).isTrue();
    assertThat(again.status()).as("selection order does not matter").isEqualTo(200);
    assertThat(again.body().get("created").asBoolean()).isFalse();
    assertThat(again.body().get("runId").asText()).isEqualTo(first.body().get("runId").asText());
    assertThat(again.body().get("planId").asText()).isEqualTo(first.body().get("planId").asText());
    assertThat(again.body().get("createdAt").asText()).isEqualTo(first.body().get("createdAt").asText());
    assertThat(again.body().get("state").asText()).isEqualTo("RUNNING");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(1);
  }

  @Test
  void theIdempotencyKeyHeaderActsAsTheRunKey() {
    TestServer.Resp first =
        server.post(server.ws() + "/runs", trigger("s.a"), Map.of("Idempotency-Key", "k-1"));
    TestServer.Resp again =
        server.post(server.ws() + "/runs", keyed("k-1", "s.a"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("runId").asText()).isEqualTo(first.body().get("runId").asText());
  }

  @Test
  void aReplayReportsTheRunsCurrentPublicState() {
    TestServer.Resp first = server.post(server.ws() + "/runs", keyed("k", "s.b"));
    new Worker(server, "w").drainSucceeding();

    TestServer.Resp again = server.post(server.ws() + "/runs", keyed("k", "s.b"));

    assertThat(again.body().get("runId").asText()).isEqualTo(first.body().get("runId").asText());
    assertThat(again.body().get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aDifferentPayloadUnderTheSameRunKeyIsAConflictWithTheFullDetails() {
    TestServer.Resp first = server.post(server.ws() + "/runs", keyed("k", "s.a"));
    Map<String, Object> other = keyed("k", "s.b");
    other.put("labels", Map.of("team", "growth"));

    TestServer.Resp conflict = server.post(server.ws() + "/runs", other);

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.code()).isEqualTo("CONFLICT");
    assertThat(conflict.message()).isEqualTo("run_key 'k' already reserved with different trigger payload");
    JsonNode d = conflict.body().get("details");
    assertThat(d.get("conflictType").asText()).isEqualTo("RUN_KEY_FINGERPRINT_MISMATCH");
    assertThat(d.get("runKey").asText()).isEqualTo("k");
    assertThat(d.get("existingRunId").asText()).isEqualTo(first.body().get("runId").asText());
    assertThat(d.get("existingPlanId").asText()).isEqualTo(first.body().get("planId").asText());
    assertThat(d.get("existingCreatedAt").asText()).isEqualTo(first.body().get("createdAt").asText());
    assertThat(d.get("existingFingerprint").asText()).hasSize(64);
    assertThat(d.get("requestedFingerprint").asText()).hasSize(64).isNotEqualTo(d.get("existingFingerprint").asText());
    assertThat(d.get("existingSelection")).extracting(JsonNode::asText).isEqualTo(List.of("s.a"));
    assertThat(d.get("requestedSelection")).extracting(JsonNode::asText).isEqualTo(List.of("s.b"));
    assertThat(d.get("requestedLabels").get("team").asText()).isEqualTo("growth");
    assertThat(d.get("existingLabels").isObject()).isTrue();
    assertThat(d.get("existingSourceKind").asText()).isEqualTo("manual");
    assertThat(server.get(server.ws() + "/runs").body().get("runs")).hasSize(1);
  }

  @Test
  void closureFlagsAndLabelsArePartOfTheFingerprint() {
    server.post(server.ws() + "/runs", keyed("k", "s.a"));
    Map<String, Object> down = keyed("k", "s.a");
    down.put("includeDownstream", true);

    assertThat(server.post(server.ws() + "/runs", down).status()).isEqualTo(409);
  }
}
