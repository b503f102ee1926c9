package io.arco.api.cli.automation;

import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import io.arco.api.cli.client.ClientException;
import io.arco.api.cli.client.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco backfill create ASSET... (--partitions K1,K2 | --range START..END | --filter
 * start=D,end=D)}: {@code POST /backfills} with one of the three partition selectors (api-contract
 * §10.1, decisions §2.5). The request's idempotency key ({@code clientRequestId}) is {@code
 * --request-id}, or a fresh random id: repeating the command with the same {@code --request-id}
 * answers the first backfill instead of starting a second one.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Start a backfill of an asset's partitions.")
public final class BackfillCreateCommand extends ClientCommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "ASSET",
      description = "The asset key to backfill (the server takes exactly one today).")
  List<String> assets = new ArrayList<>();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selector selector;

  /** Exactly one of the three selector forms. */
  static final class Selector {
    @Option(
        names = "--partitions",
        paramLabel = "K1,K2",
        description =
            "These partition keys (repeatable; a multi-dimensional canonical key keeps its commas).")
    List<String> partitions = new ArrayList<>();

    @Option(
        names = "--range",
        paramLabel = "START..END",
        description = "Every partition whose time window starts between these dates (inclusive).")
    Optional<String> range = Optional.empty();

    @Option(
        names = "--filter",
        split = ",",
        paramLabel = "BOUND=DATE",
        description = "A filter selector: start=DATE,end=DATE (or partition_start/partition_end).")
    Map<String, String> filter = new LinkedHashMap<>();
  }

  @Option(names = "--chunk-size", paramLabel = "N", description = "Partitions per run (server default 10).")
  Optional<Long> chunkSize = Optional.empty();

  @Option(
      names = "--max-concurrent-runs",
      paramLabel = "N",
      description = "Chunk runs in flight at once (server default 2).")
  Optional<Long> maxConcurrentRuns = Optional.empty();

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description =
          "Idempotency key (clientRequestId): the same id with the same request answers the first"
              + " backfill. Default: a new random id.")
  Optional<String> requestId = Optional.empty();

  @Override
  protected int run(ApiClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("assetSelection", assets);
    body.put("partitionSelector", selector());
    body.put("clientRequestId", requestId.orElseGet(() -> "cli-" + UUID.randomUUID()));
    chunkSize.ifPresent(v -> body.put("chunkSize", v));
    maxConcurrentRuns.ifPresent(v -> body.put("maxConcurrentRuns", v));
    ApiClient.Answer a = client.post(BackfillCommand.path(client, ""), body);
    if (output == Format.json) {
      printJson(a.body());
    } else {
      new Table("BACKFILL", "RESULT", "ACCEPTED AT")
          .row(
              Cells.text(a.body(), "backfillId"),
              a.status() == 202 ? "created" : "existing (same request id)",
              Cells.text(a.body(), "acceptedAt"))
          .print(out());
    }
    return 0;
  }

  private Map<String, Object> selector() {
    Map<String, Object> s = new LinkedHashMap<>();
    if (!selector.partitions.isEmpty()) {
      List<String> keys = new ArrayList<>();
      selector.partitions.forEach(p -> keys.addAll(PartitionList.split(p)));
      s.put("type", "explicit");
      s.put("partitions", keys);
    } else if (selector.range.isPresent()) {
      String r = selector.range.get();
      int dots = r.indexOf("..");
      if (dots < 0) {
        throw new ClientException("--range must be START..END, got '" + r + "'", 2);
      }
      s.put("type", "range");
      s.put("start", r.substring(0, dots));
      s.put("end", r.substring(dots + 2));
    } else {
      s.put("type", "filter");
      s.put("filters", selector.filter);
    }
    return s;
  }
}
