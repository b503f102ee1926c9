package io.arco.flow.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.plan.ManifestParser;
import io.arco.flow.plan.StoredManifestDocument;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pages and summaries over 100k partitions of one asset (beside 100k of another) are exact and
 * stay within the asset's key range. How long they take is measured by the partition-scale
 * benchmark in arco-bench, not here.
 */
class PartitionViewsScaleTest {
  private static final int N = 100_000;
  private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  private static PartitionStatusRow row(String asset, int i) {
    String key = "date=d:" + LocalDate.of(1970, 1, 1).plusDays(i);
    boolean done = i % 2 == 0;
    return new PartitionStatusRow(
        asset, key,
        done ? Optional.of("r" + i) : Optional.empty(), done ? Optional.of(T0) : Optional.empty(),
        done ? Optional.of("code-1") : Optional.empty(),
        Optional.of("r" + i), Optional.of(T0), Optional.of(done ? TaskOutcome.SUCCEEDED : TaskOutcome.FAILED),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), "01EV" + i);
  }

  private static FoldState state() {
    List<PartitionStatusRow> rows = new ArrayList<>(2 * N);
    for (int i = 0; i < N; i++) {
      rows.add(row("s.big", i));
    }
    for (int i = 0; i < N; i++) {
      rows.add(row("s.other", i));
    }
    return FoldState.fromSnapshot(
        new FoldSnapshot(FoldSnapshot.FORMAT_VERSION, null, null, null, null, null, null, null, rows, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
  }

  private static Optional<StoredManifestDocument> manifest() throws Exception {
    String daily = "{\"dimensions\":[{\"name\":\"date\",\"kind\":\"time\",\"granularity\":\"day\"}]}";
    String body =
        "{\"manifestVersion\":\"1\",\"codeVersionId\":\"code-1\",\"assets\":["
            + "{\"key\":{\"namespace\":\"s\",\"name\":\"big\"},\"id\":\"b\",\"partitioning\":" + daily + "},"
            + "{\"key\":{\"namespace\":\"s\",\"name\":\"other\"},\"id\":\"o\",\"partitioning\":" + daily + "}]}";
    return Optional.of(
        StoredManifestDocument.of(
            "m", new Scope("t", "w"), T0, ManifestParser.parse(new ObjectMapper().readTree(body), "t")));
  }

  @Test
  void pagingAndSummaryOverOneHundredThousandPartitionsReadOnlyTheirAsset() throws Exception {
    FoldState state = state();
    Optional<StoredManifestDocument> latest = manifest();
    Staleness staleness = Staleness.of(state, latest, T0);

    Optional<PartitionCursor> after = Optional.empty();
    int read = 0;
    for (int page = 0; page < 200; page++) {
      List<PartitionStatusView> rows =
          PartitionViews.list(state, staleness, new PartitionQuery(Optional.of("s.big"), false, Optional.empty(), after, 200));
      assertThat(rows).hasSize(201);
      read += 200;
      PartitionStatusView last = rows.get(199);
      after = Optional.of(new PartitionCursor(last.assetKey(), last.partitionKey()));
    }
    PartitionSummary summary = PartitionViews.summary(state, Staleness.of(state, latest, T0), "s.big").orElseThrow();

    assertThat(read).isEqualTo(40_000);
    assertThat(summary).isEqualTo(new PartitionSummary("s.big", N, N / 2, N / 2, N / 2, N / 2, 0));
    assertThat(after.orElseThrow().partitionKey()).isEqualTo("date=d:" + LocalDate.of(1970, 1, 1).plusDays(39_999));
  }
}
