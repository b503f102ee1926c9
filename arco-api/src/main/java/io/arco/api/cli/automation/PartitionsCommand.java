package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import io.arco.api.cli.client.Table;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco partitions ASSET}: the partition status rows of one asset in partition-key order
 * ({@code GET /partitions?assetKey=}, api-contract §11 with decisions §6.5's {@code status}), or
 * with {@code --summary} its counts ({@code GET /assets/{key}/partitions/summary}). The asset key
 * matches the stored canonical key exactly ({@code sales.daily}).
 */
@Command(
    name = "partitions",
    mixinStandardHelpOptions = true,
    description = "Show an asset's partitions: status, staleness and last materialization.")
public final class PartitionsCommand extends ClientCommand {
  @Parameters(paramLabel = "ASSET", description = "The asset key (canonical, e.g. sales.daily).")
  String asset;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only partitions with this status (MISSING, IN_PROGRESS, FAILED, MATERIALIZED).")
  Optional<String> status = Optional.empty();

  @Option(names = "--stale-only", description = "Only stale partitions.")
  boolean staleOnly;

  @Option(names = "--summary", description = "Print the asset's partition counts instead of the rows.")
  boolean summary;

  @Mixin PageOptions page;

  @Override
  protected int run(ApiClient client) {
    return summary ? summary(client) : rows(client);
  }

  private int rows(ApiClient client) {
    Urls.Query q =
        new Urls.Query()
            .add("assetKey", Optional.of(asset))
            .add("status", status.map(s -> s.toUpperCase(Locale.ROOT)))
            .add("staleOnly", staleOnly ? Optional.of(true) : Optional.empty());
    JsonNode body =
        client.get(client.connection().workspacePath("/partitions" + page.addTo(q))).body();
    if (output == Format.json) {
      printJson(body);
      return 0;
    }
    Table t =
        new Table("PARTITION", "STATUS", "STALE", "LAST MATERIALIZED", "MATERIALIZED BY", "LAST ATTEMPT");
    for (JsonNode p : body.path("partitions")) {
      t.row(
          Cells.text(p, "partitionKey"),
          Cells.text(p, "status"),
          p.path("isStale").asBoolean(false) ? Cells.text(p, "staleReason") : "no",
          Cells.text(p, "lastMaterializationAt"),
          Cells.text(p, "lastMaterializationRunId"),
          Cells.text(p, "lastAttemptOutcome"));
    }
    t.print(out());
    PageOptions.printNext(out(), body);
    return 0;
  }

  private int summary(ApiClient client) {
    JsonNode s =
        client
            .get(client.connection().workspacePath("/assets/" + ApiClient.segment(asset) + "/partitions/summary"))
            .body();
    if (output == Format.json) {
      printJson(s);
      return 0;
    }
    new Details()
        .add("asset", Cells.text(s, "assetKey"))
        .add("partitions", Cells.text(s, "totalPartitions"))
        .add("materialized", Cells.text(s, "materializedPartitions"))
        .add("missing", Cells.text(s, "missingPartitions"))
        .add("in progress", Cells.text(s, "inProgressPartitions"))
        .add("failed", Cells.text(s, "failedPartitions"))
        .add("stale", Cells.text(s, "stalePartitions"))
        .print(out());
    return 0;
  }
}
