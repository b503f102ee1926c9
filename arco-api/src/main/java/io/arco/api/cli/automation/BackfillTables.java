package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table forms of backfills and their chunks (api-contract §10.2, decisions §6.4): a list row,
 * the detail of one backfill with its chunk counts and the partitions' progress, and chunk rows.
 */
final class BackfillTables {
  private static final int SHOWN_KEYS = 3;

  private BackfillTables() {}

  static Table list(JsonNode backfills) {
    Table t = new Table("BACKFILL", "STATE", "ASSETS", "SELECTOR", "CHUNKS DONE", "FAILED", "CREATED");
    for (JsonNode b : backfills) {
      JsonNode c = b.path("chunkCounts");
      t.row(
          Cells.text(b, "backfillId"),
          Cells.text(b, "state"),
          Cells.text(b, "assetSelection"),
          selector(b.path("partitionSelector")),
          Cells.text(c, "succeeded") + "/" + Cells.text(c, "total"),
          Cells.text(c, "failed"),
          Cells.text(b, "createdAt"));
    }
    return t;
  }

  /** A one-row table for the answers of pause, resume, cancel and retry-failed. */
  static Table state(JsonNode b) {
    return new Table("BACKFILL", "STATE", "STATE VERSION", "RETRY ROUND")
        .row(
            Cells.text(b, "backfillId"),
            Cells.text(b, "state"),
            Cells.text(b, "stateVersion"),
            Cells.text(b, "retryRound"));
  }

  /** The detail of {@code b}; {@code chunks} are all its chunks, for the partitions' progress. */
  static Details detail(JsonNode b, List<JsonNode> chunks) {
    JsonNode c = b.path("chunkCounts");
    return new Details()
        .add("backfill", Cells.text(b, "backfillId"))
        .add("state", Cells.text(b, "state") + " (version " + Cells.text(b, "stateVersion") + ")")
        .add("assets", Cells.text(b, "assetSelection"))
        .add("selector", selector(b.path("partitionSelector")))
        .add("chunk size", Cells.text(b, "chunkSize"))
        .add("max concurrent runs", Cells.text(b, "maxConcurrentRuns"))
        .add(
            "chunks",
            String.format(
                "%s total: %s succeeded, %s running, %s pending, %s failed, %s cancelled",
                Cells.text(c, "total"),
                Cells.text(c, "succeeded"),
                Cells.text(c, "running"),
                Cells.text(c, "pending"),
                Cells.text(c, "failed"),
                Cells.text(c, "cancelled")))
        .add("partitions", partitions(b.path("totalPartitions").asLong(), chunks))
        .add("retry round", Cells.text(b, "retryRound"))
        .add("parent backfill", Cells.text(b, "parentBackfillId"))
        .add("code version", Cells.text(b, "codeVersion"))
        .add("created", Cells.text(b, "createdAt"))
        .add("ended", Cells.text(b, "endedAt"));
  }

  static Table chunks(Iterable<JsonNode> chunks) {
    Table t = new Table("CHUNK", "STATE", "ROUND", "PARTITIONS", "FIRST", "LAST", "RUN");
    for (JsonNode c : chunks) {
      JsonNode keys = c.path("partitionKeys");
      t.row(
          Cells.text(c, "chunkIndex"),
          Cells.text(c, "state"),
          Cells.text(c, "retryRound"),
          String.valueOf(keys.size()),
          keys.isEmpty() ? Cells.ABSENT : keys.get(0).asText(),
          keys.isEmpty() ? Cells.ABSENT : keys.get(keys.size() - 1).asText(),
          Cells.text(c, "runId"));
    }
    return t;
  }

  /**
   * {@code N total: a succeeded, b running, c failed, d cancelled, e not started}: each partition
   * counts in the state of its latest chunk (a retry round's chunk replaces the failed one).
   */
  static String partitions(long total, List<JsonNode> chunks) {
    Map<String, JsonNode> latest = new HashMap<>();
    for (JsonNode c : chunks) {
      for (JsonNode k : c.path("partitionKeys")) {
        latest.merge(
            k.asText(),
            c,
            (old, now) -> now.path("retryRound").asInt() >= old.path("retryRound").asInt() ? now : old);
      }
    }
    Map<String, Integer> byState = new HashMap<>();
    latest.values().forEach(c -> byState.merge(c.path("state").asText(), 1, Integer::sum));
    long planned = latest.size();
    int running = byState.getOrDefault("RUNNING", 0) + byState.getOrDefault("PLANNED", 0);
    return String.format(
        "%d total: %d succeeded, %d running, %d failed, %d cancelled, %d not started",
        total,
        byState.getOrDefault("SUCCEEDED", 0),
        running,
        byState.getOrDefault("FAILED", 0),
        byState.getOrDefault("CANCELLED", 0),
        Math.max(0, total - planned) + byState.getOrDefault("PENDING", 0));
  }

  /** {@code range 2025-01-01..2025-01-31}, {@code explicit a,b,c (+7 more)}, {@code filter end=…,start=…}. */
  static String selector(JsonNode s) {
    return switch (s.path("type").asText()) {
      case "range" -> "range " + s.path("start").asText() + ".." + s.path("end").asText();
      case "explicit" -> {
        JsonNode keys = s.path("partitions");
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(SHOWN_KEYS, keys.size()); i++) {
          shown.add(keys.get(i).asText());
        }
        String more = keys.size() > SHOWN_KEYS ? " (+" + (keys.size() - SHOWN_KEYS) + " more)" : "";
        yield "explicit " + String.join(" ", shown) + more;
      }
      case "filter" -> {
        List<String> parts = new ArrayList<>();
        s.path("filters").properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        parts.sort(null);
        yield "filter " + String.join(",", parts);
      }
      default -> Cells.of(s);
    };
  }
}
