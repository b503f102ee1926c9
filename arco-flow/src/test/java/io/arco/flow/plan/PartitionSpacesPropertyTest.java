package io.arco.flow.plan;

import static io.arco.flow.plan.PlanAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.model.PartitionSelector;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of lazy partition enumeration over time × static definitions of every date
 * granularity: slices agree with the full enumeration at any offset, the size is exact, keys are
 * distinct, canonical (they resolve to themselves) and time-major.
 */
class PartitionSpacesPropertyTest {
  private static final List<String> GRANULARITIES = List.of("day", "week", "month");

  private static PartitionSpec spec(String granularity, int staticValues) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < staticValues; i++) {
      values.append(i == 0 ? "" : ",").append("\"v").append(i).append('"');
    }
    String dims =
        "{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"" + granularity + "\"}"
            + (staticValues == 0 ? "" : ",{\"name\":\"region\",\"kind\":\"static\",\"values\":[" + values + "]}");
    return PartitionSpec.from(json("{\"dimensions\": [" + dims + "]}"));
  }

  @Property(tries = 200)
  void slicesAgreeWithTheWholeEnumerationAndKeysAreCanonicalAndTimeMajor(
      @ForAll @IntRange(min = 0, max = 2) int granularity,
      @ForAll @IntRange(min = 0, max = 4) int staticValues,
      @ForAll @LongRange(min = 0, max = 40_000) long startDay,
      @ForAll @IntRange(min = 0, max = 800) int days,
      @ForAll @IntRange(min = 0, max = 5_000) int offset,
      @ForAll @IntRange(min = 1, max = 50) int limit) {
    PartitionSpec spec = spec(GRANULARITIES.get(granularity), staticValues);
    LocalDate start = LocalDate.ofEpochDay(startDay);
    PartitionSelector range = new PartitionSelector.Range(start.toString(), start.plusDays(days).toString());
    PartitionSpace space;
    try {
      space = PartitionSpaces.of("s.a", spec, range, DynamicMembers.NONE);
    } catch (io.arco.flow.error.FlowException e) {
      // A week or month range can hold no window start at all.
      assertThat(e.getMessage()).isEqualTo("partition selector resolves to zero partitions");
      return;
    }

    List<String> all = new ArrayList<>();
    for (long at = 0; at < space.size(); at += 997) {
      all.addAll(space.slice(at, 997));
    }

    assertThat((long) all.size()).isEqualTo(space.size());
    assertThat(new HashSet<>(all)).hasSize(all.size());
    int from = Math.min(offset, all.size());
    assertThat(space.slice(offset, limit)).isEqualTo(all.subList(from, Math.min(all.size(), from + limit)));
    String previousDate = "";
    for (String key : all) {
      String canonical =
          PartitionResolver.DEFAULT.resolve(Optional.of(key), List.of(), spec).orElseThrow().canonicalKey();
      assertThat(canonical).isEqualTo(key);
      String date = key.substring(key.indexOf("date=d:") + 7, key.indexOf("date=d:") + 17);
      assertThat(date.compareTo(previousDate)).isGreaterThanOrEqualTo(0);
      previousDate = date;
    }
    int perWindow = Math.max(1, staticValues);
    assertThat(all.size() % perWindow).isZero();
  }
}
