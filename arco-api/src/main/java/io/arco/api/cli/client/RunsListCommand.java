package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.api.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arco runs list}: runs newest first (api-contract §3.2), a page at a time, and the cursor
 * of the next page. The table shows each run's labels, read with {@code GET /runs/{id}} (the
 * list items carry none). {@code --label} filters on the client: it reads runs page by page and
 * keeps those carrying every given label, examining at most {@value #SCAN_LIMIT} runs per call;
 * its next cursor resumes after the last run examined (the contract's run cursor, built from that
 * run's creation time and id).
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
public final class RunsListCommand extends ClientCommand {
  static final int SCAN_LIMIT = 1000;
  private static final int SCAN_PAGE = 100;

  @Option(names = "--state", paramLabel = "STATE", description = "Only runs in this state (PENDING, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED).")
  Optional<String> state = Optional.empty();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only runs with this label (repeatable: all must match).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Runs per page, 1..200 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Resume where a previous page ended.")
  Optional<String> cursor = Optional.empty();

  /** A page of list items, each with its full run when it was read, and the next cursor. */
  private record Page(List<JsonNode> items, Map<String, JsonNode> runs, Optional<String> next) {}

  @Override
  protected int run(ApiClient client) {
    Page page = labels.isEmpty() ? plain(client) : filtered(client);
    if (output == Format.json) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode runs = body.putArray("runs");
      page.items().forEach(runs::add);
      page.next().ifPresent(n -> body.put("nextCursor", n));
      printJson(body);
      return ExitCodes.OK;
    }
    Table t = new Table("RUN", "STATE", "CREATED", "TASKS", "LABELS");
    for (JsonNode item : page.items()) {
      String id = item.path("runId").asText();
      JsonNode run = page.runs().computeIfAbsent(id, k -> read(client, k));
      int failed = item.path("tasksFailed").asInt();
      t.row(
          id,
          item.path("state").asText(),
          item.path("createdAt").asText(),
          item.path("tasksSucceeded").asInt()
              + "/"
              + item.path("taskCount").asInt()
              + " ok"
              + (failed > 0 ? ", " + failed + " failed" : ""),
          RunText.labels(run.path("labels")));
    }
    if (t.size() == 0) {
      out().println("no runs" + (cursor.isPresent() ? " after this cursor" : ""));
    } else {
      t.print(out());
    }
    page.next().ifPresent(n -> out().println("next page: --cursor " + n));
    out().flush();
    return ExitCodes.OK;
  }

  private Page plain(ApiClient client) {
    JsonNode body = client.get(listPath(client, limit, cursor)).body();
    List<JsonNode> items = new ArrayList<>();
    body.path("runs").forEach(items::add);
    Optional<String> next =
        body.hasNonNull("nextCursor") ? Optional.of(body.path("nextCursor").asText()) : Optional.empty();
    return new Page(items, new LinkedHashMap<>(), next);
  }

  private Page filtered(ApiClient client) {
    if (limit < 1 || limit > 200) {
      throw new ClientException("--limit must be between 1 and 200");
    }
    List<JsonNode> matches = new ArrayList<>();
    Map<String, JsonNode> runs = new LinkedHashMap<>();
    Optional<String> at = cursor;
    int examined = 0;
    JsonNode last = null;
    boolean more = true;
    scan:
    while (more) {
      JsonNode body = client.get(listPath(client, SCAN_PAGE, at)).body();
      List<JsonNode> items = new ArrayList<>();
      body.path("runs").forEach(items::add);
      more = body.hasNonNull("nextCursor");
      at = more ? Optional.of(body.path("nextCursor").asText()) : Optional.empty();
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        JsonNode run = read(client, item.path("runId").asText());
        examined++;
        last = item;
        if (hasLabels(run)) {
          matches.add(item);
          runs.put(item.path("runId").asText(), run);
        }
        if (matches.size() == limit || examined == SCAN_LIMIT) {
          more = more || i < items.size() - 1;
          break scan;
        }
      }
    }
    return new Page(matches, runs, more && last != null ? Optional.of(after(last)) : Optional.empty());
  }

  private boolean hasLabels(JsonNode run) {
    JsonNode have = run.path("labels");
    return labels.entrySet().stream()
        .allMatch(e -> have.has(e.getKey()) && have.path(e.getKey()).asText().equals(e.getValue()));
  }

  private String listPath(ApiClient client, int pageSize, Optional<String> from) {
    StringBuilder q = new StringBuilder("/runs?limit=").append(pageSize);
    state.ifPresent(s -> q.append("&state=").append(ApiClient.query(s.toUpperCase(java.util.Locale.ROOT))));
    from.ifPresent(c -> q.append("&cursor=").append(ApiClient.query(c)));
    return client.connection().workspacePath(q.toString());
  }

  private static JsonNode read(ApiClient client, String runId) {
    return client.get(client.connection().workspacePath("/runs/" + ApiClient.segment(runId))).body();
  }

  /** The run list cursor resuming after {@code item} (api-contract §3.2). */
  static String after(JsonNode item) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("triggered_at", item.path("createdAt").asText());
    c.put("run_id", item.path("runId").asText());
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(c.toString().getBytes(StandardCharsets.UTF_8));
  }
}
