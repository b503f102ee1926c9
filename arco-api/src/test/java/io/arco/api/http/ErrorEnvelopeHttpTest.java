package io.arco.api.http;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON error envelope on every error (decisions §1, §6.1; api-contract §1.3, §1.4, §14):
 * framework errors (400 malformed JSON, 415, 422, 404 route, 405, 413) included, with {@code
 * requestId} in the body and the {@code x-request-id} header always set.
 */
class ErrorEnvelopeHttpTest {
  private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    assertStatus(server.post(server.ws() + "/manifests", manifest(asset("analytics.a"))), 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> dev(String... extra) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Tenant-Id", "t1");
    h.put("X-Workspace-Id", "w1");
    for (int i = 0; i < extra.length; i += 2) {
      h.put(extra[i], extra[i + 1]);
    }
    return h;
  }

  private static Resp postRaw(String path, String body, String contentType) {
    return contentType == null
        ? server.send("POST", path, body, dev())
        : server.send("POST", path, body, dev("Content-Type", contentType));
  }

  private static String runs() {
    return server.ws() + "/runs";
  }

  // ---- 400 malformed JSON ----------------------------------------------------------------------

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"{", "{\"selection\": [\"analytics.a\"", "not json", "{'a': 1}", "{\"a\":1,}"})
  void malformedJsonIsABadRequest(String body) {
    assertBadRequest(postRaw(runs(), body, "application/json"), "malformed JSON body");
  }

  @Test
  void emptyJsonBodyIsMalformed() {
    assertBadRequest(postRaw(runs(), "", "application/json"), "malformed JSON body");
    assertBadRequest(
        postRaw(runs() + "/01HNORUN/cancel", "", "application/json"), "malformed JSON body");
  }

  @Test
  void trailingContentAfterTheJsonValueIsMalformed() {
    assertBadRequest(
        postRaw(runs(), "{\"selection\":[\"analytics.a\"]} {\"selection\":[]}", "application/json"),
        "malformed JSON body");
    assertBadRequest(
        postRaw(runs(), "{\"selection\":[\"analytics.a\"]} trailing", "application/json"),
        "malformed JSON body");
  }

  // ---- 415 content type ------------------------------------------------------------------------

  @Test
  void missingContentTypeIsUnsupportedMediaType() {
    assertError(
        postRaw(runs(), "{\"selection\":[\"analytics.a\"]}", null),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "json"})
  void wrongContentTypeIsUnsupportedMediaType(String type) {
    assertError(
        postRaw(runs(), "{\"selection\":[\"analytics.a\"]}", type),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {"application/json", "application/json; charset=utf-8", "Application/JSON", "application/vnd.arco+json"})
  void jsonContentTypesAreAccepted(String type) {
    assertStatus(postRaw(runs(), "{\"selection\":[\"analytics.a\"]}", type), 201);
  }

  @Test
  void contentTypeIsCheckedBeforeTheBodyIsParsed() {
    assertError(postRaw(runs(), "{", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }

  // ---- 422 shape -------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"[]", "[{\"selection\":[\"analytics.a\"]}]", "\"analytics.a\"", "42", "true", "null"})
  void nonObjectBodyIsUnprocessable(String body) {
    assertInvalidField(postRaw(runs(), body, "application/json"), "$", "expected a JSON object");
  }

  @Test
  void mistypedFieldIsUnprocessableWithItsPath() {
    assertInvalidField(
        server.post(runs(), Map.of("selection", List.of("analytics.a"), "includeUpstream", "yes")),
        "includeUpstream",
        "expected a boolean");
    assertInvalidField(
        server.post(runs() + "/01HNORUN/cancel", Map.of("reason", 5)), "reason", "expected a string");
    assertInvalidField(
        server.post(server.ws() + "/manifests", Map.of("manifestVersion", 1)),
        "manifestVersion",
        "expected a string");
  }

  @Test
  void unknownFieldsAreIgnored() {
    Map<String, Object> body = trigger("analytics.a");
    body.put("somethingElse", Map.of("x", 1));
    assertStatus(server.post(runs(), body), 201);
  }

  @Test
  void badQueryParameterIsABadRequest() {
    assertBadRequest(server.get(runs() + "?limit=ten"), "invalid query parameter 'limit'");
    assertBadRequest(server.get(runs() + "?state=DONE"), "invalid query parameter 'state'");
  }

  // ---- 404 / 405 -------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"/nope", "/api/v1/nope", "/api/v1/workspaces/w1/nope", "/api/v1/workspaces/w1/runs/r1/nope"})
  void unknownRouteIsNotFound(String path) {
    assertError(server.get(path), 404, "NOT_FOUND", "route not found");
    assertError(server.post(path, Map.of()), 404, "NOT_FOUND", "route not found");
  }

  @Test
  void wrongMethodIsMethodNotAllowed() {
    assertError(
        server.send("DELETE", runs(), null, dev()), 405, "METHOD_NOT_ALLOWED", "method not allowed");
    assertError(
        server.send("PUT", server.ws() + "/manifests", "{}", dev("Content-Type", "application/json")),
        405,
        "METHOD_NOT_ALLOWED",
        "method not allowed");
    assertError(
        server.get(runs() + "/01HNORUN/cancel"), 405, "METHOD_NOT_ALLOWED", "method not allowed");
    assertError(server.post("/health", Map.of()), 405, "METHOD_NOT_ALLOWED", "method not allowed");
  }

  // ---- 413 -------------------------------------------------------------------------------------

  private static String triggerOfSize(int bytes) {
    String head = "{\"selection\":[\"analytics.a\"],\"labels\":{\"k\":\"";
    String tail = "\"}}";
    return head + "v".repeat(bytes - head.length() - tail.length()) + tail;
  }

  private static String manifestOfSize(int bytes) {
    String head =
        "{\"manifestVersion\":\"v1\",\"codeVersionId\":\"c1\","
            + "\"assets\":[{\"key\":{\"namespace\":\"analytics\",\"name\":\"a\"},\"id\":\"a\"}],"
            + "\"metadata\":\"";
    String tail = "\"}";
    return head + "m".repeat(bytes - head.length() - tail.length()) + tail;
  }

  @Test
  void triggerBodyOverTwoMebibytesIsTooLarge() {
    Resp r = postRaw(runs(), triggerOfSize(2 * 1024 * 1024 + 1), "application/json");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(r.message()).isNotBlank();
    assertThat(r.body().path("requestId").asText())
        .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void triggerBodyOfExactlyTwoMebibytesIsRead() {
    assertBadRequest(
        postRaw(runs(), triggerOfSize(2 * 1024 * 1024), "application/json"),
        "label value exceeds max length (2048)");
  }

  @Test
  void manifestDeployMayUseUpToTenMebibytes() {
    assertStatus(postRaw(server.ws() + "/manifests", manifestOfSize(3 * 1024 * 1024), "application/json"), 201);
    assertStatus(postRaw(server.ws() + "/manifests", manifestOfSize(10 * 1024 * 1024), "application/json"), 201);
    for (int size : new int[] {10 * 1024 * 1024 + 1, 12 * 1024 * 1024}) {
      Resp r = postRaw(server.ws() + "/manifests", manifestOfSize(size), "application/json");
      assertThat(r.status()).as("size %d", size).isEqualTo(413);
      assertThat(r.code()).isEqualTo("PAYLOAD_TOO_LARGE");
      assertThat(r.body().path("requestId").asText())
          .isEqualTo(r.headers().firstValue("x-request-id").orElseThrow());
    }
  }

  // ---- errors raised by Jetty before routing ---------------------------------------------------

  /** Sends a raw HTTP/1.1 request (for requests java.net.http refuses to build). */
  private static RawResponse raw(String requestLineAndHeaders) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", java.net.URI.create(server.baseUrl()).getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLineAndHeaders + "Host: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      int status = Integer.parseInt(head.substring(9, 12));
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      return new RawResponse(status, headers, Json.MAPPER.readTree(text.substring(split + 4)));
    }
  }

  private record RawResponse(int status, Map<String, String> headers, JsonNode body) {}

  private static void assertRawEnvelope(RawResponse r, int status, String code) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(r.body().get("code").asText()).isEqualTo(code);
    assertThat(r.body().get("message").asText()).isNotBlank();
    assertThat(r.body().get("requestId").asText()).isEqualTo(r.headers().get("x-request-id"));
  }

  @Test
  void malformedUriIsAJsonBadRequest() throws Exception {
    // Jetty refuses the request line before reading headers, so the request id is generated.
    RawResponse r = raw("GET /api/v1/workspaces/w1/runs/%ZZ HTTP/1.1\r\nX-Request-Id: rid-uri\r\n");
    assertRawEnvelope(r, 400, "BAD_REQUEST");
    assertThat(r.headers().get("x-request-id")).matches(ULID);
  }

  @Test
  void illegalHeaderCharacterIsAJsonBadRequest() throws Exception {
    RawResponse r =
        raw("GET /api/v1/workspaces/w1/runs HTTP/1.1\r\nX-Tenant-Id: t\u00011\r\nX-Workspace-Id: w1\r\n");
    assertRawEnvelope(r, 400, "BAD_REQUEST");
    assertThat(r.headers().get("x-request-id")).matches(ULID);
  }

  @Test
  void oversizedHeadersAreAJsonError() throws Exception {
    RawResponse r =
        raw("GET /api/v1/workspaces/w1/runs HTTP/1.1\r\nX-Padding: " + "a".repeat(20_000) + "\r\n");
    assertRawEnvelope(r, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
  }

  // ---- request ids -----------------------------------------------------------------------------

  @Test
  void everyErrorEchoesTheCallersRequestId() {
    List<Resp> errors =
        List.of(
            server.send("POST", runs(), "{", dev("Content-Type", "application/json", "X-Request-Id", "rid-400")),
            server.send("GET", runs(), null, Map.of("X-Request-Id", "rid-401")),
            server.send("GET", "/api/v1/nope", null, dev("X-Request-Id", "rid-404")),
            server.send("GET", "/api/v1/workspaces/w9/runs", null, dev("X-Request-Id", "rid-404ws")),
            server.send("DELETE", runs(), null, dev("X-Request-Id", "rid-405")),
            server.send("POST", runs(), "{}", dev("X-Request-Id", "rid-415")),
            server.send("POST", runs(), "[]", dev("Content-Type", "application/json", "X-Request-Id", "rid-422")),
            server.send(
                "POST",
                runs(),
                triggerOfSize(3 * 1024 * 1024),
                dev("Content-Type", "application/json", "X-Request-Id", "rid-413")));
    List<String> expected =
        List.of("rid-400", "rid-401", "rid-404", "rid-404ws", "rid-405", "rid-415", "rid-422", "rid-413");
    for (int i = 0; i < errors.size(); i++) {
      Resp r = errors.get(i);
      assertThat(r.status()).as(r.raw()).isGreaterThanOrEqualTo(400);
      assertThat(r.code()).as(r.raw()).isNotBlank();
      assertThat(r.message()).as(r.raw()).isNotBlank();
      assertThat(r.headers().firstValue("x-request-id")).as(r.raw()).hasValue(expected.get(i));
      assertThat(r.body().path("requestId").asText()).as(r.raw()).isEqualTo(expected.get(i));
    }
  }

  @Test
  void errorWithoutARequestIdGetsAGeneratedUlid() {
    Resp r = server.get("/api/v1/nope");
    String id = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(id).matches(ULID);
    assertThat(r.body().get("requestId").asText()).isEqualTo(id);
    Resp other = server.get("/api/v1/nope");
    assertThat(other.headers().firstValue("x-request-id").orElseThrow()).isNotEqualTo(id);
  }

  @Test
  void successfulResponsesCarryTheRequestIdHeaderToo() {
    Resp health = server.send("GET", "/health", null, Map.of("X-Request-Id", "rid-ok"));
    assertStatus(health, 200);
    assertThat(health.body().get("status").asText()).isEqualTo("ok");
    assertThat(health.headers().firstValue("x-request-id")).hasValue("rid-ok");
    Resp list = server.get(runs());
    assertStatus(list, 200);
    assertThat(list.headers().firstValue("x-request-id").orElseThrow()).matches(ULID);
  }

  @Test
  void requestIdHeaderNameIsCaseInsensitive() {
    Resp r = server.send("GET", "/api/v1/nope", null, Map.of("x-REQUEST-id", "mixed-case"));
    assertThat(r.headers().firstValue("x-request-id")).hasValue("mixed-case");
    assertThat(r.body().get("requestId").asText()).isEqualTo("mixed-case");
  }

  @Test
  void errorBodiesAreJson() {
    Resp r = server.get("/api/v1/nope");
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
    assertThat(r.body().isObject()).isTrue();
  }
}
