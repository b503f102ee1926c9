package io.arco.api.cli.automation;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code arco sensors ...} against a real server: push evaluation, dry runs, pause and resume. */
class SensorCliTest {
  private final TestServer server = TestServer.start();
  private final ArcoCli arco = new ArcoCli(server);

  @BeforeEach
  void deploy() {
    Map<String, Object> daily =
        Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day")));
    Map<String, Object> m = manifest(with(asset("files.raw"), "partitioning", daily));
    m.put(
        "sensors",
        List.of(
            Map.of("id", "inbox", "kind", "push", "assets", List.of("files.raw")),
            Map.of("id", "bucket", "kind", "poll", "assets", List.of("files.raw"), "minIntervalSeconds", 60)));
    assertThat(server.post(server.ws() + "/manifests", m).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode runs() {
    return server.get(server.ws() + "/runs").body().get("runs");
  }

  @Test
  void aDryRunWritesNothingAndAnEvaluationStartsTheRunOnce() {
    ArcoCli.Result dry =
        arco.run(
            "sensors", "evaluate", "inbox", "--message-id", "msg-1", "--payload", "{\"file\":\"a.csv\"}",
            "--attribute", "partitionKey=date=d:2026-01-05", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.detail("status")).isEqualTo("triggered");
    assertThat(dry.detail("events written")).isEqualTo("0");
    assertThat(dry.detail("dry run")).isEqualTo("nothing was written");
    assertThat(dry.row("sensor:inbox:msg:msg-1")).containsSubsequence("sensor:inbox:msg:msg-1", "-", "files.raw");
    assertThat(runs()).isEmpty();
    assertThat(arco.run("sensors", "evals", "inbox").lines()).hasSize(1);

    ArcoCli.Result real =
        arco.run(
            "sensors", "evaluate", "inbox", "--message-id", "msg-1", "--payload", "{\"file\":\"a.csv\"}",
            "--attribute", "partitionKey=date=d:2026-01-05");
    assertThat(real.detail("events written")).isEqualTo("2");
    assertThat(runs()).hasSize(1);
    JsonNode run = server.get(server.ws() + "/runs/" + runs().get(0).get("runId").asText()).body();
    assertThat(run.get("runKey").asText()).isEqualTo("sensor:inbox:msg:msg-1");
    assertThat(real.row("sensor:inbox:msg:msg-1"))
        .containsExactly("sensor:inbox:msg:msg-1", run.get("runId").asText(), "files.raw", "date=d:2026-01-05");

    ArcoCli.Result again = arco.run("sensors", "evaluate", "inbox", "--message-id", "msg-1", "--payload", "{\"file\":\"a.csv\"}",
        "--attribute", "partitionKey=date=d:2026-01-05");
    assertThat(again.detail("deduplicated")).startsWith("this message id was evaluated before");
    assertThat(runs()).hasSize(1);

    ArcoCli.Result evals = arco.run("sensors", "evals", "inbox");
    String evalId = real.detail("evaluation");
    assertThat(evals.row(evalId)).containsSubsequence(evalId, "triggered", "push msg-1", "sensor:inbox:msg:msg-1");
    assertThat(arco.run("sensors", "evals", "inbox", "--status", "error").lines()).hasSize(1);
  }

  @Test
  void pauseAndResumeAlsoAnswerToDisableAndEnable() {
    ArcoCli.Result list = arco.run("sensors", "list");
    assertThat(list.row("bucket")).containsExactly("bucket", "poll", "ACTIVE", "files.raw", "-", "-");
    assertThat(list.row("inbox")).containsSubsequence("inbox", "push", "ACTIVE");

    assertThat(arco.run("sensors", "pause", "bucket").row("bucket")).contains("PAUSED");
    assertThat(arco.run("sensors", "resume", "bucket").row("bucket")).contains("ACTIVE");
    assertThat(arco.run("sensors", "disable", "inbox").row("inbox")).contains("PAUSED");
    assertThat(server.get(server.ws() + "/sensors/inbox").body().get("status").asText()).isEqualTo("PAUSED");
    ArcoCli.Result paused = arco.run("sensors", "evaluate", "inbox", "--message-id", "m-2");
    assertThat(paused.detail("warning")).isEqualTo("Sensor is paused but manual evaluate bypasses status");
    assertThat(arco.run("sensors", "enable", "inbox").row("inbox")).contains("ACTIVE");

    ArcoCli.Result get = arco.run("sensors", "get", "bucket");
    assertThat(get.detail("kind")).isEqualTo("poll");
    assertThat(get.detail("min interval")).isEqualTo("60 s");
    assertThat(get.detail("status")).isEqualTo("ACTIVE");
  }

  @Test
  void jsonOutputIsTheApisJsonAndBadInputIsRefusedBeforeOrByTheServer() {
    assertThat(arco.run("sensors", "list", "--output", "json").json()).isEqualTo(server.get(server.ws() + "/sensors").body());
    assertThat(arco.run("sensors", "get", "inbox", "-o", "json").json())
        .isEqualTo(server.get(server.ws() + "/sensors/inbox").body());
    JsonNode evaluated = arco.run("sensors", "evaluate", "inbox", "--message-id", "m-3", "--dry-run", "-o", "json").json();
    assertThat(evaluated.get("dryRun").asBoolean()).isTrue();
    assertThat(evaluated.get("runRequests").get(0).get("runKey").asText()).isEqualTo("sensor:inbox:msg:m-3");
    assertThat(arco.run("sensors", "evals", "inbox", "-o", "json").json().get("evals")).isEmpty();

    ArcoCli.Result badPayload = arco.run("sensors", "evaluate", "inbox", "--payload", "{bad");
    assertThat(badPayload.code()).isEqualTo(2);
    assertThat(badPayload.err()).startsWith("error: --payload is not JSON: ");
    ArcoCli.Result badStatus = arco.run("sensors", "evals", "inbox", "--status", "done");
    assertThat(badStatus.code()).isEqualTo(1);
    assertThat(badStatus.err()).isEqualTo("error: HTTP 400 BAD_REQUEST: invalid query parameter 'status'" + System.lineSeparator());
    ArcoCli.Result unknown = arco.run("sensors", "get", "ghost");
    assertThat(unknown.err()).isEqualTo("error: HTTP 404 NOT_FOUND: sensor not found: ghost" + System.lineSeparator());
    assertThat(runs()).isEmpty();
  }
}
