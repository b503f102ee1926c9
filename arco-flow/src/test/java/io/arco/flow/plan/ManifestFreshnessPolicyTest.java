package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.model.Scope;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An asset's optional {@code freshnessPolicy}: validated at deploy, stored and hashed only when present. */
class ManifestFreshnessPolicyTest {
  private static final String MINIMAL =
      """
      {"manifestVersion": "1", "codeVersionId": "c",
       "assets": [{"key": {"namespace": "a", "name": "b"}, "id": "1"}]}
      """;

  private static ObjectNode withPolicy(String policy) {
    ObjectNode body = ManifestParserTest.base();
    ManifestParserTest.asset(body, 1).set("freshnessPolicy", json(policy));
    return body;
  }

  private static Manifest parse(com.fasterxml.jackson.databind.JsonNode body) {
    return ManifestParser.parse(body, "api");
  }

  @Test
  void aPolicyIsReadAndAbsentOrNullMeansNone() {
    Manifest m = parse(withPolicy("{\"maximumLagMinutes\": 90, \"other\": true}"));
    assertThat(m.asset("analytics.users.daily").orElseThrow().freshnessPolicy())
        .contains(new FreshnessPolicy(90));
    assertThat(m.asset("analytics.orders").orElseThrow().freshnessPolicy()).isEmpty();
    assertThat(parse(withPolicy("null")).asset("analytics.users.daily").orElseThrow().freshnessPolicy())
        .isEmpty();
  }

  @Test
  void aBadPolicyIsRefusedWithItsReason() {
    String prefix = "asset 'analytics.users.daily' has invalid freshnessPolicy: ";
    String lag = prefix + "maximumLagMinutes must be an integer between 1 and 2147483647";
    assertInvalid(() -> parse(withPolicy("60")), prefix + "must be an object");
    assertInvalid(() -> parse(withPolicy("{}")), lag);
    assertInvalid(() -> parse(withPolicy("{\"maximumLagMinutes\": 0}")), lag);
    assertInvalid(() -> parse(withPolicy("{\"maximumLagMinutes\": 2.5}")), lag);
    assertInvalid(() -> parse(withPolicy("{\"maximumLagMinutes\": \"60\"}")), lag);
    assertInvalid(() -> parse(withPolicy("{\"maximumLagMinutes\": 2147483648}")), lag);
  }

  @Test
  void freshnessChecksComeAfterExecutionChecks() {
    ObjectNode body = withPolicy("{\"maximumLagMinutes\": -1}");
    ManifestParserTest.asset(body, 0).set("execution", json("{\"queue\": \"\"}"));
    assertInvalid(
        () -> parse(body),
        "asset 'analytics.orders' has invalid execution.queue: must be a non-empty string");
  }

  @Test
  void theFingerprintOfAManifestWithoutPoliciesIsUnchangedAndAPolicyIsHashedLast() {
    ObjectNode body = (ObjectNode) json(MINIMAL);
    String without =
        "{\"manifestVersion\":\"1\",\"codeVersionId\":\"c\",\"git\":{\"repository\":\"\",\"branch\":\"\","
            + "\"commitSha\":\"\",\"commitMessage\":\"\",\"author\":\"\",\"dirty\":false},"
            + "\"assets\":[{\"key\":{\"namespace\":\"a\",\"name\":\"b\"},\"id\":\"1\",\"description\":\"\","
            + "\"owners\":[],\"dependencies\":[],\"checks\":[]}],\"schedules\":[],\"metadata\":null}";
    assertThat(parse(body).fingerprint()).isEqualTo(io.arco.flow.model.Ids.sha256Hex(without));

    ((ObjectNode) body.get("assets").get(0)).set("freshnessPolicy", json("{\"maximumLagMinutes\": 15}"));
    String with =
        without.replace(
            "\"checks\":[]}", "\"checks\":[],\"freshnessPolicy\":{\"maximumLagMinutes\":15}}");
    assertThat(parse(body).fingerprint()).isEqualTo(io.arco.flow.model.Ids.sha256Hex(with));
  }

  @Test
  void theStoredDocumentCarriesThePolicyOnlyWhenPresentAndReadsItBack() {
    Manifest m = parse(withPolicy("{\"maximumLagMinutes\": 30, \"ignored\": 1}"));
    StoredManifestDocument doc =
        StoredManifestDocument.of("01JM", new Scope("t", "w"), Instant.parse("2025-01-15T10:00:00Z"), m);

    var assets = doc.toJson().get("assets");
    assertThat(assets.get(0).has("freshnessPolicy")).isFalse();
    assertThat(assets.get(1).get("freshnessPolicy").toString()).isEqualTo("{\"maximumLagMinutes\":30}");
    StoredManifestDocument back = StoredManifestDocument.parse(doc.toBytes());
    assertThat(back).isEqualTo(doc);
    assertThat(back.manifest().asset("analytics.users.daily").orElseThrow().freshnessPolicy())
        .isEqualTo(Optional.of(new FreshnessPolicy(30)));
  }
}
