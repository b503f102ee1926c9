package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --limit} and {@code --cursor} of the generic list pagination (api-contract §1.5): the
 * server answers at most {@code limit} items (1..200, default 50) and a {@code nextCursor} when
 * more remain, which the table form prints as {@code next cursor: ...}.
 */
public final class PageOptions {
  @Option(names = "--limit", paramLabel = "N", description = "Items per page, 1..200 (server default 50).")
  Optional<Integer> limit = Optional.empty();

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description = "Start after this cursor (the 'next cursor' a previous page printed).")
  Optional<String> cursor = Optional.empty();

  /** Adds {@code limit} and {@code cursor} to {@code query}. */
  Urls.Query addTo(Urls.Query query) {
    return query.add("limit", limit).add("cursor", cursor);
  }

  /** Prints {@code next cursor: C} when the page {@code body} says more items remain. */
  static void printNext(PrintWriter out, JsonNode body) {
    JsonNode next = body.path("nextCursor");
    if (next.isTextual() && !next.asText().isEmpty()) {
      out.println("next cursor: " + next.asText());
      out.flush();
    }
  }
}
