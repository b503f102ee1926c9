package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredManifestDocumentTest {
  private static final Instant DEPLOYED_AT = Instant.parse("2025-01-15T10:30:00.123Z");

  private static StoredManifestDocument document() {
    Manifest m = ManifestParser.parse(ManifestParserTest.base(), "api");
    return StoredManifestDocument.of("01JMANIFEST", new Scope("acme", "prod"), DEPLOYED_AT, m);
  }

  @Test
  void documentRoundTripsThroughItsBytes() {
    StoredManifestDocument doc = document();
    StoredManifestDocument back = StoredManifestDocument.parse(doc.toBytes());
    assertThat(back).isEqualTo(doc);
    assertThat(back.manifest().fingerprint()).isEqualTo(doc.fingerprint());
    assertThat(back.toBytes()).isEqualTo(doc.toBytes());
  }

  @Test
  void documentListsTheContractMembersInOrder() {
    ObjectNode json = document().toJson();
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "manifestId",
            "tenantId",
            "workspaceId",
            "manifestVersion",
            "codeVersionId",
            "fingerprint",
            "git",
            "assets",
            "schedules",
            "deployedAt",
            "deployedBy",
            "metadata");
    assertThat(json.get("deployedAt").asText()).isEqualTo("2025-01-15T10:30:00.123Z");
    assertThat(json.get("tenantId").asText()).isEqualTo("acme");
    assertThat(json.get("fingerprint").asText()).isEqualTo(document().manifest().fingerprint());
  }

  @Test
  void opaqueMembersAreEchoedVerbatim() {
    JsonNode request = ManifestParserTest.base();
    JsonNode stored = document().toJson();
    JsonNode orders = stored.get("assets").get(0);
    assertThat(orders.get("tags")).isEqualTo(request.get("assets").get(0).get("tags"));
    assertThat(new String(document().toBytes(), StandardCharsets.UTF_8))
        .contains("\"tags\":{\"b\":1,\"a\":2}");
    assertThat(orders.get("execution")).isEqualTo(request.get("assets").get(0).get("execution"));
    assertThat(orders.get("partitioning"))
        .isEqualTo(request.get("assets").get(0).get("partitioning"));
    assertThat(orders.has("code")).isFalse();
    JsonNode users = stored.get("assets").get(1);
    assertThat(users.get("dependencies"))
        .isEqualTo(request.get("assets").get(1).get("dependencies"));
    assertThat(users.get("checks")).isEqualTo(json("[]"));
    assertThat(stored.get("schedules").get(0))
        .isEqualTo(
            json(
                """
                {"id": "nightly", "cron": "0 2 * * *", "assets": ["analytics/orders"],
                 "timezone": "Europe/Paris", "maxCatchupTicks": 3, "overlapPolicy": "SKIP"}
                """));
    assertThat(stored.get("metadata")).isEqualTo(request.get("metadata"));
  }

  @Test
  void absentMetadataIsStoredAsNull() {
    Manifest m =
        ManifestParser.parse(
            json(
                "{\"manifestVersion\":\"1\",\"codeVersionId\":\"c\","
                    + "\"assets\":[{\"key\":{\"namespace\":\"a\",\"name\":\"b\"},\"id\":\"1\"}]}"),
            "api");
    StoredManifestDocument doc =
        StoredManifestDocument.of("m", new Scope("t", "w"), Instant.EPOCH, m);
    assertThat(doc.toJson().get("metadata").isNull()).isTrue();
    assertThat(doc.toJson().get("deployedAt").asText()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(StoredManifestDocument.from(doc.toJson())).isEqualTo(doc);
  }

  @Test
  void corruptStoredKeyIsAnInternalError() {
    ObjectNode json = document().toJson();
    ((ObjectNode) json.get("assets").get(0).get("key")).put("namespace", "Bad");
    assertThatThrownBy(() -> StoredManifestDocument.from(json))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "invalid asset key in manifest 01JMANIFEST: invalid asset key 'Bad/orders': invalid"
                + " namespace 'Bad'");
  }
}
