package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arco backfill}: partition backfills over {@code /backfills} (api-contract §10, decisions
 * §2.4, §6.4): create, list, get (with the partitions' progress), chunks, and the lifecycle actions
 * pause, resume, cancel and retry-failed.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = "Create, list and steer partition backfills.",
    subcommands = {
      BackfillCreateCommand.class,
      BackfillCommand.ListBackfills.class,
      BackfillCommand.Get.class,
      BackfillCommand.Chunks.class,
      BackfillCommand.Pause.class,
      BackfillCommand.Resume.class,
      BackfillCommand.Cancel.class,
      BackfillCommand.RetryFailed.class
    })
public final class BackfillCommand implements Runnable {
  /** The most chunks {@code get} reads per request while adding up the partitions' progress. */
  static final int CHUNK_PAGE = 200;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  static String path(ApiClient client, String suffix) {
    return client.connection().workspacePath("/backfills" + suffix);
  }

  /** {@code backfill list [--state S]}: newest first. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List backfills, newest first.")
  public static final class ListBackfills extends ClientCommand {
    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only backfills in this state (PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED).")
    Optional<String> state = Optional.empty();

    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      Urls.Query q = new Urls.Query().add("state", state.map(s -> s.toUpperCase(Locale.ROOT)));
      JsonNode body = client.get(path(client, page.addTo(q).toString())).body();
      if (output == Format.json) {
        printJson(body);
      } else {
        BackfillTables.list(body.path("backfills")).print(out());
        PageOptions.printNext(out(), body);
      }
      return 0;
    }
  }

  /** {@code backfill get ID}: the backfill, its chunk counts and how far its partitions are. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show one backfill with its chunk counts and partition progress.")
  public static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The backfill id.")
    String id;

    @Override
    protected int run(ApiClient client) {
      String base = "/" + ApiClient.segment(id);
      JsonNode b = client.get(path(client, base)).body();
      if (output == Format.json) {
        printJson(b);
        return 0;
      }
      List<JsonNode> chunks = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      do {
        Urls.Query q = new Urls.Query().add("limit", Optional.of(CHUNK_PAGE)).add("cursor", cursor);
        JsonNode page = client.get(path(client, base + "/chunks" + q)).body();
        page.path("chunks").forEach(chunks::add);
        cursor = Optional.of(page.path("nextCursor").asText("")).filter(c -> !c.isEmpty());
      } while (cursor.isPresent());
      BackfillTables.detail(b, chunks).print(out());
      return 0;
    }
  }

  /** {@code backfill chunks ID [--state S]}: the planned chunks in index order. */
  @Command(
      name = "chunks",
      mixinStandardHelpOptions = true,
      description = "List a backfill's chunks (each one run over some partitions) in order.")
  public static final class Chunks extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The backfill id.")
    String id;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only chunks in this state (PLANNED, RUNNING, SUCCEEDED, FAILED, CANCELLED).")
    Optional<String> state = Optional.empty();

    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      Urls.Query q = new Urls.Query().add("state", state.map(s -> s.toUpperCase(Locale.ROOT)));
      JsonNode body =
          client.get(path(client, "/" + ApiClient.segment(id) + "/chunks" + page.addTo(q))).body();
      if (output == Format.json) {
        printJson(body);
      } else {
        BackfillTables.chunks(body.path("chunks")).print(out());
        PageOptions.printNext(out(), body);
      }
      return 0;
    }
  }

  /** One lifecycle action: {@code POST /backfills/{id}/{action}} with {@code {}} (decisions §2.4). */
  abstract static class Action extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The backfill id.")
    String id;

    private final String action;

    Action(String action) {
      this.action = action;
    }

    @Override
    protected int run(ApiClient client) {
      JsonNode b = client.post(path(client, "/" + ApiClient.segment(id) + "/" + action), Map.of()).body();
      if (output == Format.json) {
        printJson(b);
      } else {
        BackfillTables.state(b).print(out());
      }
      return 0;
    }
  }

  /** {@code backfill pause ID}: RUNNING → PAUSED; the controller plans no new chunk. */
  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a running backfill: no new chunks start; running ones finish.")
  public static final class Pause extends Action {
    public Pause() {
      super("pause");
    }
  }

  /** {@code backfill resume ID}: PAUSED → RUNNING. */
  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused backfill.")
  public static final class Resume extends Action {
    public Resume() {
      super("resume");
    }
  }

  /** {@code backfill cancel ID}: → CANCELLED, with a cancel request on each in-flight chunk run. */
  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel a backfill: its in-flight runs are cancelled and nothing more is planned.")
  public static final class Cancel extends Action {
    public Cancel() {
      super("cancel");
    }
  }

  /** {@code backfill retry-failed ID}: FAILED → RUNNING in a new retry round (decisions §6.4). */
  @Command(
      name = "retry-failed",
      mixinStandardHelpOptions = true,
      description = "Run a failed backfill's failed partitions again (a new retry round).")
  public static final class RetryFailed extends Action {
    public RetryFailed() {
      super("retry-failed");
    }
  }
}
