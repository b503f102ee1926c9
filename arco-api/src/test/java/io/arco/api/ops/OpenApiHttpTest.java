package io.arco.api.ops;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.OpenApiDoc;
import io.arco.api.testing.OpenApiDoc.Operation;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.api.ui.UiRoutes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/openapi.json} (decisions §2.8, §6.9) against the running server: it is served
 * without authentication as an OpenAPI 3.1 document, documents exactly the routes Javalin has
 * registered, every documented operation is routed, and live answers of a full workflow match the
 * documented statuses and schemas field by field.
 */
class OpenApiHttpTest {
  private static final String DOC = "/api/v1/openapi.json";
  private static final Set<String> FRAMEWORK_METHODS = Set.of("HEAD", "OPTIONS");

  private final TestServer server = TestServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenApiDoc document() {
    Resp r = server.send("GET", DOC, null, Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    return OpenApiDoc.parse(r.raw());
  }

  @Test
  void theDocumentIsServedWithoutAuthenticationAsOpenApi3WithTheServersVersion() {
    OpenApiDoc doc = document();
    JsonNode root = doc.root();

    assertThat(root.path("openapi").asText()).startsWith("3.");
    assertThat(root.path("info").path("title").asText()).isEqualTo("Arco");
    String version = server.send("GET", "/version", null, Map.of()).body().path("packageVersion").asText();
    assertThat(root.path("info").path("version").asText()).isNotBlank().isEqualTo(version);
    assertThat(root.path("servers").get(0).path("url").asText()).as("relative server url").startsWith("/");
    assertThat(root.path("components").path("securitySchemes").fieldNames())
        .toIterable()
        .contains("bearerJwt", "devTenant", "devWorkspace", "devUser", "taskToken");
    assertThat(root.at("/components/securitySchemes/devTenant/name").asText()).isEqualTo("X-Tenant-Id");
    assertThat(root.at("/components/securitySchemes/devWorkspace/name").asText()).isEqualTo("X-Workspace-Id");
    assertThat(root.at("/components/securitySchemes/devUser/name").asText()).isEqualTo("X-User-Id");
  }

  @Test
  void theDocumentedRoutesAreExactlyTheRoutesTheServerRegistered() {
    // The web UI's pages and files are not API routes: the document leaves them out.
    Set<String> registered =
        server.server().routes().stream()
            .filter(r -> !FRAMEWORK_METHODS.contains(r.method()))
            .filter(r -> !UiRoutes.PATHS.contains(r.path()))
            .map(r -> r.method() + " " + r.path())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> documented =
        document().operations().stream().map(Operation::route).collect(Collectors.toCollection(TreeSet::new));

    assertThat(registered)
        .as("the route enumeration works")
        .contains(
            "GET /health",
            "GET " + DOC,
            "GET /api/v1/workspaces/{ws}/schedules/{id}/ticks/{tickId}",
            "POST /api/v1/tasks/{taskId}/completed")
        .hasSizeGreaterThan(40);
    assertThat(server.server().routes()).as("no route registered twice").doesNotHaveDuplicates();
    assertThat(server.server().routes().stream().map(r -> r.method() + " " + r.path()))
        .as("the web UI's routes are registered, and only GETs")
        .contains("GET /", "GET /ui", "GET /ui/{version}/<file>")
        .filteredOn(r -> UiRoutes.PATHS.contains(r.substring(r.indexOf(' ') + 1)))
        .allMatch(r -> r.startsWith("GET ") || r.startsWith("HEAD "));
    assertThat(minus(registered, documented)).as("registered routes missing from openapi.json").isEmpty();
    assertThat(minus(documented, registered)).as("documented routes the server does not register").isEmpty();
  }

  @Test
  void theDocumentIsWellFormed() {
    OpenApiDoc doc = document();
    doc.refs().forEach(doc::pointer);

    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Operation op : doc.operations()) {
      JsonNode n = op.node();
      if (op.id().isBlank() || !ids.add(op.id())) {
        problems.add(op + ": missing or repeated operationId");
      }
      if (n.path("summary").asText().isBlank()) {
        problems.add(op + ": no summary");
      }
      if (!n.has("security")) {
        problems.add(op + ": no security requirement");
      }
      // Path parameters: every placeholder declared (in: path, required), nothing else declared.
      Set<String> placeholders = new TreeSet<>();
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.path());
      while (m.find()) {
        placeholders.add(m.group(1));
      }
      Set<String> declared = new TreeSet<>();
      List<JsonNode> params = new ArrayList<>();
      doc.root().path("paths").path(op.path()).path("parameters").forEach(params::add);
      n.path("parameters").forEach(params::add);
      for (JsonNode p : params) {
        JsonNode param = doc.resolve(p);
        if (param.path("in").asText().equals("path")) {
          declared.add(param.path("name").asText());
          if (!param.path("required").asBoolean()) {
            problems.add(op + ": path parameter " + param.path("name") + " not required");
          }
        }
      }
      if (!declared.equals(placeholders)) {
        problems.add(op + ": path parameters " + declared + " but placeholders " + placeholders);
      }
      // A success answer with a schema; errors in the envelope of the router.
      boolean success = false;
      String envelope =
          op.path().startsWith("/api/v1/tasks/")
              ? "#/components/schemas/CallbackErrorResponse"
              : "#/components/schemas/ErrorResponse";
      for (Map.Entry<String, JsonNode> r : n.path("responses").properties()) {
        JsonNode resp = doc.resolve(r.getValue());
        boolean ok = r.getKey().startsWith("2");
        success |= ok && resp.path("content").elements().hasNext()
            && resp.path("content").elements().next().has("schema");
        if (!ok && !(op.id().equals("getReady") && r.getKey().equals("503"))) {
          String ref = resp.at("/content/application~1json/schema/$ref").asText();
          if (!ref.equals(envelope)) {
            problems.add(op + " " + r.getKey() + ": error schema " + ref + ", expected " + envelope);
          }
        }
      }
      if (!success) {
        problems.add(op + ": no success response with a schema");
      }
      if (n.has("requestBody")
          && !doc.resolve(n.path("requestBody")).at("/content/application~1json/schema").isObject()) {
        problems.add(op + ": request body without a JSON schema");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theSecurityOfEachOperationIsItsRoutersAuthentication() {
    for (Operation op : document().operations()) {
      String security = op.node().path("security").toString();
      if (op.path().startsWith("/api/v1/workspaces/")) {
        assertThat(security).as(op.toString()).contains("bearerJwt", "devTenant", "devWorkspace");
      } else if (op.path().equals("/api/v1/tasks/reports")) {
        // Each report carries its own task token in the body; the request has no Authorization.
        assertThat(security).as(op.toString()).isEqualTo("[]");
      } else if (op.path().startsWith("/api/v1/tasks/")) {
        assertThat(security).as(op.toString()).isEqualTo("[{\"taskToken\":[]}]");
      } else if (op.path().equals("/metrics") || op.path().equals("/api/v1/cluster")) {
        // None in dev mode (this server), a user JWT in JWT mode.
        assertThat(security).as(op.toString()).isEqualTo("[{},{\"bearerJwt\":[]}]");
        assertThat(server.send("GET", op.path(), null, Map.of()).status()).isEqualTo(200);
      } else {
        assertThat(security).as(op.toString()).isEqualTo("[]");
        Resp r = server.send(op.method(), op.path(), op.method().equals("GET") ? null : "{}", Map.of());
        assertThat(r.status()).as(op + " answers without authentication: " + r.raw()).isNotIn(401, 403);
      }
    }
  }

  @Test
  void schemaFactsThatCatchDrift() {
    OpenApiDoc doc = document();
    String ws = "/api/v1/workspaces/{ws}";

    JsonNode trigger = requestSchema(doc, doc.operation("POST", ws + "/runs"));
    assertThat(trigger.path("required").toString()).contains("\"selection\"");
    assertThat(doc.resolve(trigger.at("/properties/selection")).path("type").asText()).isEqualTo("array");
    assertThat(trigger.path("properties").fieldNames())
        .toIterable()
        .contains("includeUpstream", "includeDownstream", "partitions", "partitionKey", "runKey", "labels");
    assertThat(doc.response(doc.operation("POST", ws + "/runs"), 201)).isPresent();
    assertThat(doc.response(doc.operation("POST", ws + "/runs"), 200)).isPresent();

    JsonNode run = responseSchema(doc, doc.operation("GET", ws + "/runs/{runId}"), 200);
    assertThat(run.path("required").toString()).contains("\"runId\"", "\"state\"", "\"tasks\"", "\"labels\"");

    Operation createBackfill = doc.operation("POST", ws + "/backfills");
    assertThat(doc.response(createBackfill, 202)).isPresent();
    assertThat(responseSchema(doc, createBackfill, 202).path("required").toString()).contains("\"backfillId\"");
    assertThat(requestSchema(doc, createBackfill).path("properties").fieldNames())
        .toIterable()
        .contains("assetSelection", "partitionSelector", "clientRequestId", "chunkSize", "maxConcurrentRuns");

    assertThat(doc.response(doc.operation("PUT", ws + "/schedules/{id}"), 201)).isPresent();
    assertThat(doc.response(doc.operation("GET", ws + "/schedules/{id}/ticks/{tickId}"), 200)).isPresent();
    assertThat(requestSchema(doc, doc.operation("POST", ws + "/runs/{runId}/rerun")).at("/properties/mode/enum").toString())
        .isEqualTo("[\"fromFailure\",\"subset\"]");

    JsonNode envelope = doc.pointer("#/components/schemas/ErrorResponse");
    assertThat(envelope.path("required").toString()).isEqualTo("[\"code\",\"message\",\"requestId\"]");
    assertThat(envelope.path("properties").has("details")).isTrue();
    JsonNode callback = doc.pointer("#/components/schemas/CallbackErrorResponse");
    assertThat(callback.path("required").toString()).isEqualTo("[\"error\",\"message\",\"requestId\"]");
    assertThat(doc.response(doc.operation("POST", "/api/v1/tasks/{taskId}/heartbeat"), 410)).isPresent();
  }

  @Test
  void everyDocumentedOperationIsRoutedAndAnswersADocumentedStatusAndShape() {
    OpenApiDoc doc = document();
    Map<String, String> headers = new LinkedHashMap<>(devHeaders());
    headers.put("Content-Type", "application/json");
    List<String> problems = new ArrayList<>();
    for (Operation op : doc.operations()) {
      String path = op.path().replace("{ws}", "w1").replaceAll("\\{[^}]+}", "nope");
      boolean hasBody = op.method().equals("POST") || op.method().equals("PUT");
      Resp r = server.send(op.method(), path, hasBody ? "{}" : null, headers);
      if (r.status() == 405 || (r.status() == 404 && "route not found".equals(r.message()))) {
        problems.add(op + " is not routed: " + r.status() + " " + r.raw());
        continue;
      }
      problems.addAll(doc.checkAnswer(op, r.status(), contentType(r), r.raw()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void liveAnswersOfAFullWorkflowMatchTheDocumentedSchemas() {
    Live api = new Live(document());
    String ws = server.ws();

    // Operational routes.
    for (String p : List.of("/health", "/ready", "/version", "/metrics", DOC, "/api/v1/debug/clock", "/api/v1/cluster")) {
      api.expect(api.get(p), 200);
    }

    // Manifest with plain, failing and daily-partitioned assets, a schedule and two sensors.
    Map<String, Object> m =
        manifest(
            asset("s.a"),
            with(asset("s.b"), "execution", Map.of("retry", Map.of("maxAttempts", 1), "queue", "default-queue")),
            with(
                asset("s.daily"),
                "partitioning",
                Map.of("dimensions", List.of(Map.of("name", "date", "kind", "time", "granularity", "day")))));
    m.put("git", Map.of("branch", "main", "commitSha", "abc"));
    m.put("schedules", List.of(Map.of("id", "every-minute", "cron", "* * * * *", "assets", List.of("s.a"))));
    m.put(
        "sensors",
        List.of(
            Map.of("id", "inbox", "kind", "push", "assets", List.of("s.a")),
            Map.of(
                "id", "bucket", "kind", "poll", "assets", List.of("s.a"), "minIntervalSeconds", 60,
                "execution", Map.of("command", "true"))));
    String manifestId = api.expect(api.post(ws + "/manifests", m), 201).body().get("manifestId").asText();
    api.expect(api.get(ws + "/manifests"), 200);
    api.expect(api.get(ws + "/manifests/" + manifestId), 200);

    // A run, its replay, the run_key fingerprint call, reads.
    Map<String, Object> t = trigger("s.a");
    t.put("runKey", "k1");
    t.put("labels", Map.of("team", "growth"));
    String runId = api.expect(api.post(ws + "/runs", t), 201).body().get("runId").asText();
    api.expect(api.post(ws + "/runs", t), 200);
    api.expect(api.post(ws + "/runs/run-key/backfill", t), 200);
    api.expect(api.get(ws + "/runs"), 200);

    // A worker runs it: poll, started, heartbeat, logs, completed.
    JsonNode env = api.poll(List.of()).get(0);
    api.expect(api.callback(env, "started", attempt(env)), 200);
    Map<String, Object> hb = attempt(env);
    hb.put("progressPct", 50);
    hb.put("message", "halfway");
    api.expect(api.callback(env, "heartbeat", hb), 200);
    Map<String, Object> live = new LinkedHashMap<>();
    live.put("attempt", env.get("attempt").asInt());
    live.put("stream", "stdout");
    live.put("offset", 0);
    live.put("text", "halfway\n");
    api.expect(api.callback(env, "logs/live", live), 200);
    api.expect(api.get(ws + "/runs/" + runId + "/logs/live?taskKey=s.a&attempt=1"), 200);
    Map<String, Object> logs = new LinkedHashMap<>();
    logs.put("attempt", env.get("attempt").asInt());
    logs.put("stdout", "out");
    logs.put("stderr", "");
    api.expect(api.callback(env, "logs", logs), 200);
    Map<String, Object> done = attempt(env);
    done.put("outcome", "SUCCEEDED");
    done.put("output", Map.of("materializationId", "mat-1", "rowCount", 3, "deltaTable", "s.a", "deltaVersion", 7));
    done.put("metrics", Map.of("cpuTimeMs", 5));
    api.expect(api.callback(env, "completed", done), 200);
    api.expect(api.get(ws + "/runs/" + runId), 200);
    api.expect(api.post(ws + "/runs/" + runId + "/logs", Map.of("taskKey", "s.a", "attempt", 9, "stdout", "x")), 200);
    api.expect(api.get(ws + "/runs/" + runId + "/logs"), 200);

    // Run queue: with a limit of one, a second run waits while the first is leased, and its read
    // explains why; clearing the limits releases it.
    api.expect(api.get(ws + "/settings"), 200);
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxConcurrentRuns", 1);
    limits.put("labelLimits", List.of(Map.of("label", "team", "value", "growth", "limit", 1), Map.of("label", "team", "limit", 5)));
    api.expect(api.put(ws + "/settings", limits), 200);
    String first = api.expect(api.post(ws + "/runs", trigger("s.a")), 201).body().get("runId").asText();
    JsonNode firstTask = api.poll(List.of()).get(0);
    assertThat(firstTask.get("runId").asText()).isEqualTo(first);
    Map<String, Object> held = trigger("s.a");
    held.put("labels", Map.of("team", "growth"));
    String heldId = api.expect(api.post(ws + "/runs", held), 201).body().get("runId").asText();
    assertThat(api.expect(api.get(ws + "/runs/" + heldId), 200).body().get("queueReasons")).isNotEmpty();
    api.expect(api.put(ws + "/settings", Map.of("labelLimits", List.of())), 200);
    Map<String, Object> firstDone = attempt(firstTask);
    firstDone.put("outcome", "SUCCEEDED");
    api.expect(api.callback(firstTask, "completed", firstDone), 200);
    JsonNode heldTask = api.poll(List.of()).get(0);
    assertThat(heldTask.get("runId").asText()).isEqualTo(heldId);
    // The held run's task reports through the batch route: started and completed in one request.
    Map<String, Object> heldStarted = attempt(heldTask);
    heldStarted.put("kind", "started");
    heldStarted.put("taskId", heldTask.get("taskId").asText());
    heldStarted.put("taskToken", heldTask.get("taskToken").asText());
    Map<String, Object> heldDone = new LinkedHashMap<>(heldStarted);
    heldDone.put("kind", "completed");
    heldDone.put("outcome", "SUCCEEDED");
    JsonNode reported =
        api.expect(api.post("/api/v1/tasks/reports", Map.of("reports", List.of(heldStarted, heldDone))), 200)
            .body().get("results");
    assertThat(reported.findValuesAsText("status")).containsExactly("200", "200");

    // A failing run, its rerun from failure, and a cancel.
    String failed = api.expect(api.post(ws + "/runs", trigger("s.b")), 201).body().get("runId").asText();
    JsonNode envB = api.poll(List.of()).get(0);
    api.expect(api.callback(envB, "started", attempt(envB)), 200);
    Map<String, Object> fail = attempt(envB);
    fail.put("outcome", "FAILED");
    fail.put("error", Map.of("category", "USER_CODE", "message", "boom", "retryable", false));
    api.expect(api.callback(envB, "completed", fail), 200);
    assertThat(api.expect(api.get(ws + "/runs/" + failed), 200).body().at("/tasks/0/errorMessage").asText())
        .isEqualTo("boom");
    String rerun =
        api.expect(api.post(ws + "/runs/" + failed + "/rerun", Map.of("mode", "fromFailure")), 201)
            .body().get("runId").asText();
    api.expect(api.post(ws + "/runs/" + rerun + "/cancel", Map.of("reason", "not needed")), 200);
    api.expect(api.get(ws + "/runs/" + rerun), 200);

    // Sensors: a poll evaluation completed by a worker, a push evaluation, reads, pause and resume.
    JsonNode lease = api.poll(List.of("sensors")).get(0);
    Map<String, Object> evaluated = attempt(lease);
    evaluated.put("outcome", "SUCCEEDED");
    evaluated.put("output", Map.of("cursor", "c1", "runRequests", List.of()));
    api.expect(api.callback(lease, "completed", evaluated), 200);
    JsonNode pushed =
        api.expect(api.post(ws + "/sensors/inbox/evaluate", Map.of("payload", Map.of("n", 1), "messageId", "m1")), 200)
            .body();
    assertThat(pushed.get("runRequests")).as("a push evaluation requests a run").hasSize(1);
    api.expect(
        api.post(ws + "/sensors/inbox/evaluate", Map.of("payload", Map.of("n", 2), "messageId", "m2", "dryRun", true)),
        200);
    api.expect(api.get(ws + "/sensors"), 200);
    api.expect(api.get(ws + "/sensors/bucket"), 200);
    api.expect(api.get(ws + "/sensors/inbox/evals"), 200);
    api.expect(api.get(ws + "/sensors/bucket/evals"), 200);
    api.expect(api.post(ws + "/sensors/inbox/pause", Map.of()), 200);
    api.expect(api.post(ws + "/sensors/inbox/resume", Map.of()), 200);

    // Schedules: reads, upsert, disable and enable.
    api.expect(api.get(ws + "/schedules"), 200);
    api.expect(api.get(ws + "/schedules/every-minute"), 200);
    Map<String, Object> nightly = new LinkedHashMap<>();
    nightly.put("cronExpression", "0 0 * * *");
    nightly.put("timezone", "UTC");
    nightly.put("catchupWindowMinutes", 0);
    nightly.put("maxCatchupTicks", 1);
    nightly.put("enabled", true);
    nightly.put("assetSelection", List.of("s.a"));
    nightly.put("overlapPolicy", "SKIP");
    api.expect(api.put(ws + "/schedules/nightly", nightly), 201);
    api.expect(api.post(ws + "/schedules/nightly/disable", Map.of()), 200);
    api.expect(api.post(ws + "/schedules/nightly/enable", Map.of()), 200);

    // Backfills: create, reads, pause and resume, then run to completion.
    Map<String, Object> bf = new LinkedHashMap<>();
    bf.put("assetSelection", List.of("s.daily"));
    bf.put("partitionSelector", Map.of("type", "range", "start", "2025-01-01", "end", "2025-01-03"));
    bf.put("clientRequestId", "bf-1");
    bf.put("chunkSize", 2);
    bf.put("maxConcurrentRuns", 1);
    String bf1 = api.expect(api.post(ws + "/backfills", bf), 202).body().get("backfillId").asText();
    api.expect(api.post(ws + "/backfills", bf), 200);
    api.expect(api.get(ws + "/backfills"), 200);
    api.expect(api.get(ws + "/backfills/" + bf1), 200);
    api.expect(api.post(ws + "/backfills/" + bf1 + "/pause", Map.of()), 200);
    api.expect(api.post(ws + "/backfills/" + bf1 + "/resume", Map.of()), 200);
    api.drain();
    api.expect(api.get(ws + "/backfills/" + bf1 + "/chunks"), 200);
    api.expect(api.get(ws + "/backfills/" + bf1), 200);

    // A backfill whose only chunk fails: retry-failed, then cancel.
    Map<String, Object> bf2 = new LinkedHashMap<>(bf);
    bf2.put("clientRequestId", "bf-2");
    bf2.put("partitionSelector", Map.of("type", "explicit", "partitions", List.of("2025-02-01")));
    String bf2Id = api.expect(api.post(ws + "/backfills", bf2), 202).body().get("backfillId").asText();
    JsonNode envC = api.poll(List.of()).get(0);
    api.expect(api.callback(envC, "started", attempt(envC)), 200);
    Map<String, Object> failC = attempt(envC);
    failC.put("outcome", "FAILED");
    failC.put("error", Map.of("category", "DATA_QUALITY", "message", "bad rows", "retryable", false));
    api.expect(api.callback(envC, "completed", failC), 200);
    api.expect(api.get(ws + "/backfills/" + bf2Id), 200);
    api.expect(api.post(ws + "/backfills/" + bf2Id + "/retry-failed", Map.of()), 200);
    api.expect(api.post(ws + "/backfills/" + bf2Id + "/cancel", Map.of()), 200);

    // Partition status, staleness and reconciliation.
    assertThat(api.expect(api.get(ws + "/partitions"), 200).body().get("partitions")).hasSize(4);
    api.expect(api.get(ws + "/partitions?assetKey=s.daily&status=FAILED"), 200);
    api.expect(api.get(ws + "/assets/s.daily/partitions/summary"), 200);
    api.expect(api.get(ws + "/assets/s.daily/partitions/status-map"), 200);
    assertThat(api.expect(api.get(ws + "/staleness"), 200).body().get("partitions")).isNotEmpty();
    Map<String, Object> reconcile = Map.of("assetSelection", List.of("s.daily", "s.b"));
    assertThat(api.expect(api.post(ws + "/reconciliation/plan", reconcile), 200).body().get("runs")).isNotEmpty();
    assertThat(api.expect(api.post(ws + "/reconciliation/apply", reconcile), 200).body().get("runs")).isNotEmpty();
    api.expect(api.get(ws + "/partitions"), 200);

    // Dynamic partition sets.
    api.expect(api.post(ws + "/partition-sets/regions/members", Map.of("add", List.of("us", "eu"))), 200);
    api.expect(api.get(ws + "/partition-sets/regions/members"), 200);

    // The clock moves; the schedule ticks; ticks are listed and read by id.
    api.expect(api.post("/api/v1/debug/clock", Map.of("advanceMs", 61_000)), 200);
    JsonNode ticks = api.expect(api.get(ws + "/schedules/every-minute/ticks"), 200).body().get("ticks");
    assertThat(ticks).as("the schedule ticked").isNotEmpty();
    api.expect(api.get(ws + "/schedules/every-minute/ticks/" + ticks.get(0).get("tickId").asText()), 200);
    api.expect(api.get(ws + "/runs?state=SUCCEEDED&limit=5"), 200);

    assertThat(api.problems).isEmpty();
    Set<String> notExercised = new TreeSet<>();
    api.doc.operations().stream()
        .filter(op -> !api.succeeded.contains(op.route()))
        .forEach(op -> notExercised.add(op.toString()));
    assertThat(notExercised).as("documented operations this workflow never answered with a 2xx").isEmpty();
  }

  private static JsonNode requestSchema(OpenApiDoc doc, Operation op) {
    return doc.resolve(doc.resolve(op.node().path("requestBody")).at("/content/application~1json/schema"));
  }

  private static JsonNode responseSchema(OpenApiDoc doc, Operation op, int status) {
    return doc.resolve(doc.response(op, status).orElseThrow().at("/content/application~1json/schema"));
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static Map<String, String> devHeaders() {
    return Map.of("X-Tenant-Id", "t1", "X-Workspace-Id", "w1", "X-User-Id", "alice");
  }

  private static String contentType(Resp r) {
    return r.headers().firstValue("content-type").orElse(null);
  }

  private static Map<String, Object> attempt(JsonNode env) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("attempt", env.get("attempt").asInt());
    b.put("attemptId", env.get("attemptId").asText());
    b.put("workerId", "openapi-worker");
    return b;
  }

  /** Sends requests through the test server and checks every answer against the document. */
  private final class Live {
    final OpenApiDoc doc;
    final List<String> problems = new ArrayList<>();
    final Set<String> succeeded = new TreeSet<>();

    Live(OpenApiDoc doc) {
      this.doc = doc;
    }

    Resp get(String path) {
      return record("GET", path, server.get(path));
    }

    Resp post(String path, Object body) {
      return record("POST", path, server.post(path, body));
    }

    Resp put(String path, Object body) {
      Map<String, String> h = new LinkedHashMap<>(devHeaders());
      h.put("Content-Type", "application/json");
      return record("PUT", path, server.send("PUT", path, Json.string(body), h));
    }

    Resp callback(JsonNode env, String kind, Map<String, Object> body) {
      String path = "/api/v1/tasks/" + env.get("taskId").asText() + "/" + kind;
      return record(
          "POST", path, server.post(path, body, Map.of("Authorization", "Bearer " + env.get("taskToken").asText())));
    }

    List<JsonNode> poll(List<String> queues) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("workerId", "openapi-worker");
      body.put("maxTasks", 10);
      if (!queues.isEmpty()) {
        body.put("queues", queues);
      }
      List<JsonNode> out = new ArrayList<>();
      expect(post(server.ws() + "/workers/poll", body), 200).body().get("tasks").forEach(out::add);
      assertThat(out).as("leased work").isNotEmpty();
      return out;
    }

    /** Starts and succeeds every claimable task until none is left. */
    void drain() {
      for (int round = 0; round < 50; round++) {
        Resp r = expect(post(server.ws() + "/workers/poll", Map.of("workerId", "openapi-worker", "maxTasks", 10)), 200);
        if (r.body().get("tasks").isEmpty()) {
          return;
        }
        for (JsonNode env : r.body().get("tasks")) {
          expect(callback(env, "started", attempt(env)), 200);
          Map<String, Object> done = attempt(env);
          done.put("outcome", "SUCCEEDED");
          expect(callback(env, "completed", done), 200);
        }
      }
      throw new AssertionError("work never ran out");
    }

    Resp expect(Resp r, int status) {
      assertThat(r.status()).as(r.raw()).isEqualTo(status);
      return r;
    }

    private Resp record(String method, String path, Resp r) {
      var op = doc.match(method, path);
      if (op.isEmpty()) {
        problems.add("no documented operation for " + method + " " + path);
        return r;
      }
      problems.addAll(doc.checkAnswer(op.get(), r.status(), contentType(r), r.raw()));
      if (r.status() >= 200 && r.status() < 300) {
        succeeded.add(op.get().route());
      }
      return r;
    }
  }
}
