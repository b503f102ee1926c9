package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetKeysTest {

  @Test
  void slashedAndDottedKeysCanonicaliseToTheSameKey() {
    assertThat(AssetKeys.canonicalize("analytics/users")).isEqualTo("analytics.users");
    assertThat(AssetKeys.canonicalize("analytics.users")).isEqualTo("analytics.users");
  }

  @ParameterizedTest
  @CsvSource({
    "a.b.c, a.b.c",
    "a/b.c, a.b.c",
    "analytics/users.daily, analytics.users.daily",
    "ns_1/name_2, ns_1.name_2"
  })
  void nameMayHaveSeveralDottedSegments(String raw, String canonical) {
    assertThat(AssetKeys.canonicalize(raw)).isEqualTo(canonical);
  }

  @Test
  void emptyOrBlankKeyIsRefused() {
    assertInvalid(() -> AssetKeys.canonicalize(""), "asset key cannot be empty");
    assertInvalid(() -> AssetKeys.canonicalize("   "), "asset key cannot be empty");
  }

  @Test
  void surroundingWhitespaceIsRefused() {
    assertInvalid(
        () -> AssetKeys.canonicalize(" a.b"), "asset key cannot have leading/trailing whitespace");
    assertInvalid(
        () -> AssetKeys.canonicalize("a.b\u00A0"),
        "asset key cannot have leading/trailing whitespace");
  }

  @Test
  void innerWhitespaceIsRefused() {
    assertInvalid(() -> AssetKeys.canonicalize("a. b"), "asset key cannot contain whitespace");
    assertInvalid(() -> AssetKeys.canonicalize("a.\u2003b"), "asset key cannot contain whitespace");
  }

  @Test
  void keyWithoutSeparatorIsRefused() {
    assertInvalid(
        () -> AssetKeys.canonicalize("users"),
        "invalid asset key 'users': expected 'namespace.name' or 'namespace/name'");
  }

  @Test
  void emptySideIsRefused() {
    assertInvalid(
        () -> AssetKeys.canonicalize("analytics/"),
        "invalid asset key 'analytics/': namespace and name must be non-empty");
    assertInvalid(
        () -> AssetKeys.canonicalize("/users"),
        "invalid asset key '/users': namespace and name must be non-empty");
  }

  @Test
  void badNamespaceIsRefused() {
    assertInvalid(
        () -> AssetKeys.canonicalize("a.b/c"),
        "invalid asset key 'a.b/c': invalid namespace 'a.b'");
    assertInvalid(
        () -> AssetKeys.canonicalize("Analytics.users"),
        "invalid asset key 'Analytics.users': invalid namespace 'Analytics'");
  }

  @Test
  void badNameIsRefused() {
    assertInvalid(
        () -> AssetKeys.canonicalize("users..daily"),
        "invalid asset key 'users..daily': invalid name '.daily'");
    assertInvalid(
        () -> AssetKeys.canonicalize("analytics//users"),
        "invalid asset key 'analytics//users': invalid name '/users'");
    assertInvalid(
        () -> AssetKeys.canonicalize("analytics.users."),
        "invalid asset key 'analytics.users.': invalid name 'users.'");
    assertInvalid(
        () -> AssetKeys.canonicalize("analytics/users/extra"),
        "invalid asset key 'analytics/users/extra': invalid name 'users/extra'");
    assertInvalid(
        () -> AssetKeys.canonicalize("analytics.user-name"),
        "invalid asset key 'analytics.user-name': invalid name 'user-name'");
  }
}
