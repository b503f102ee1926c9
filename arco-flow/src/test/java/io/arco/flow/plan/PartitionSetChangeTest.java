package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSetChangeTest {

  @Test
  void membersAreDeduplicatedAndSortedInUtf8Order() {
    PartitionSetChange c =
        PartitionSetChange.of("customers", List.of("b", "\uD83C\uDF89", "\uFFFD", "a", "b"), List.of("z"));
    assertThat(c.add()).containsExactly("a", "b", "\uFFFD", "\uD83C\uDF89");
    assertThat(c.remove()).containsExactly("z");
  }

  @Test
  void setNamesFollowTheGrammar() {
    assertThat(PartitionSetChange.isValidName("customers-v2_eu")).isTrue();
    assertThat(PartitionSetChange.isValidName("a" + "b".repeat(63))).isTrue();
    assertThat(PartitionSetChange.isValidName("a" + "b".repeat(64))).isFalse();
    assertInvalid(
        () -> PartitionSetChange.of("Customers", List.of("a"), List.of()),
        "invalid partition set name 'Customers' (expected [a-z][a-z0-9_-]{0,63})");
    assertInvalid(
        () -> PartitionSetChange.of("9lives", List.of("a"), List.of()),
        "invalid partition set name '9lives' (expected [a-z][a-z0-9_-]{0,63})");
  }

  @Test
  void badMembersAndEmptyOrContradictoryChangesAreRefused() {
    assertInvalid(
        () -> PartitionSetChange.of("s", List.of(""), List.of()),
        "partition set member cannot be empty");
    assertInvalid(
        () -> PartitionSetChange.of("s", List.of(), List.of("é".repeat(129))),
        "partition set member must be at most 256 bytes");
    assertInvalid(
        () -> PartitionSetChange.of("s", List.of("a\u0000b"), List.of()),
        "partition set member contains a control character");
    assertThat(PartitionSetChange.of("s", List.of("x".repeat(256)), List.of()).add()).hasSize(1);
    assertInvalid(
        () -> PartitionSetChange.of("s", List.of(), List.of()),
        "add or remove must name at least one member");
    assertInvalid(
        () -> PartitionSetChange.of("s", List.of("a", "b"), List.of("b")),
        "partition set member 'b' is both added and removed");
  }
}
