package io.arco.flow.plan;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Utf8Order;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated request to change a dynamic partition set's members (decisions §2.5, §6.6): the set
 * name and the members to add and to remove, each de-duplicated and sorted in UTF-8 order.
 *
 * <p>A set name matches {@value #NAME_GRAMMAR}: a lowercase letter, then up to 63 lowercase
 * letters, digits, {@code _} or {@code -} (it sits in a URL path and in idempotency keys, so it is
 * kept plain). A member is any non-empty string of at most 256 UTF-8 bytes (the limit of a
 * partition value, api-contract §6.4) without a control character: an identifier by decisions §7.5.
 */
public record PartitionSetChange(String name, SortedSet<String> add, SortedSet<String> remove) {
  /** The set-name grammar. */
  public static final String NAME_GRAMMAR = "[a-z][a-z0-9_-]{0,63}";

  private static final Pattern NAME = Pattern.compile(NAME_GRAMMAR);

  public PartitionSetChange {
    Objects.requireNonNull(name, "name");
    add = Collections.unmodifiableSortedSet(sorted(add));
    remove = Collections.unmodifiableSortedSet(sorted(remove));
  }

  /**
   * Validates a change request, in order: the name, every member of {@code add} then of {@code
   * remove} in request order, at least one member named, no member both added and removed.
   *
   * @throws FlowException {@code InvalidRequest} (400): {@code invalid partition set name '{name}'
   *     (expected [a-z][a-z0-9_-]{0,63})}, {@code partition set member cannot be empty}, {@code
   *     partition set member must be at most 256 bytes}, {@code partition set member contains a
   *     control character}, {@code add or remove must name at least one member}, {@code partition
   *     set member '{m}' is both added and removed}
   */
  public static PartitionSetChange of(String name, List<String> add, List<String> remove) {
    requireName(name);
    add.forEach(PartitionSetChange::requireMember);
    remove.forEach(PartitionSetChange::requireMember);
    if (add.isEmpty() && remove.isEmpty()) {
      throw FlowException.invalid("add or remove must name at least one member");
    }
    SortedSet<String> adding = sorted(add);
    for (String m : sorted(remove)) {
      if (adding.contains(m)) {
        throw FlowException.invalid("partition set member '" + m + "' is both added and removed");
      }
    }
    return new PartitionSetChange(name, adding, sorted(remove));
  }

  /** Whether {@code name} is a valid set name. */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * Refuses an invalid set name.
   *
   * @throws FlowException {@code invalid partition set name '{name}' (expected
   *     [a-z][a-z0-9_-]{0,63})}
   */
  public static void requireName(String name) {
    if (!isValidName(name)) {
      throw FlowException.invalid(
          "invalid partition set name '" + name + "' (expected " + NAME_GRAMMAR + ")");
    }
  }

  private static void requireMember(String member) {
    if (member.isEmpty()) {
      throw FlowException.invalid("partition set member cannot be empty");
    }
    RequestLimits.identifier("partition set member", member);
  }

  private static SortedSet<String> sorted(java.util.Collection<String> members) {
    TreeSet<String> out = new TreeSet<>(Utf8Order.COMPARATOR);
    out.addAll(members);
    return out;
  }
}
