package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import io.arco.api.cli.client.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arco staleness [--asset KEY]}: the stale partitions with their reason codes and causes
 * ({@code GET /staleness}, decisions §2.6, §6.5), ordered by asset and partition key; an
 * unpartitioned asset's entry has no partition.
 */
@Command(
    name = "staleness",
    mixinStandardHelpOptions = true,
    description = "List stale partitions with the reason and what caused it.")
public final class StalenessCommand extends ClientCommand {
  @Option(names = "--asset", paramLabel = "KEY", description = "Only this asset (canonical key).")
  Optional<String> asset = Optional.empty();

  @Mixin PageOptions page;

  @Override
  protected int run(ApiClient client) {
    Urls.Query q = new Urls.Query().add("assetKey", asset);
    JsonNode body = client.get(client.connection().workspacePath("/staleness" + page.addTo(q))).body();
    if (output == Format.json) {
      printJson(body);
      return 0;
    }
    Table t = new Table("ASSET", "PARTITION", "REASON", "STALE SINCE", "CAUSES");
    for (JsonNode p : body.path("partitions")) {
      t.row(
          Cells.text(p, "assetKey"),
          Cells.text(p, "partitionKey"),
          Cells.text(p, "reason"),
          Cells.text(p, "staleSince"),
          causes(p.path("causes")));
    }
    t.print(out());
    PageOptions.printNext(out(), body);
    return 0;
  }

  /** {@code UPSTREAM_CHANGED sales.raw[date=d:2026-01-01] at T; ...}. */
  static String causes(JsonNode causes) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : causes) {
      StringBuilder b = new StringBuilder(c.path("reason").asText());
      if (c.has("assetKey")) {
        b.append(' ').append(c.path("assetKey").asText());
        if (c.has("partitionKey")) {
          b.append('[').append(c.path("partitionKey").asText()).append(']');
        }
      }
      if (c.has("codeVersion")) {
        b.append(" code ").append(c.path("codeVersion").asText());
      }
      if (c.has("at")) {
        b.append(" at ").append(c.path("at").asText());
      }
      out.add(b.toString());
    }
    return out.isEmpty() ? Cells.ABSENT : String.join("; ", out);
  }
}
