package io.arco.api.cli.automation;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.client.ApiClient;
import io.arco.api.cli.client.ClientCommand;
import io.arco.api.cli.client.Table;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arco schedules}: list and read schedules, enable and disable them, and read their tick
 * history (api-contract §8). Definitions come from the manifest; a redeploy never re-enables a
 * schedule disabled here (decisions §6.8).
 */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "List, enable and disable schedules and read their ticks.",
    subcommands = {
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.Get.class,
      SchedulesCommand.Enable.class,
      SchedulesCommand.Disable.class,
      SchedulesCommand.Ticks.class
    })
public final class SchedulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  static String path(ApiClient client, String suffix) {
    return client.connection().workspacePath("/schedules" + suffix);
  }

  static Table table() {
    return new Table("SCHEDULE", "CRON", "TIMEZONE", "ENABLED", "ASSETS", "LAST SCHEDULED FOR");
  }

  static void row(Table t, JsonNode s) {
    t.row(
        Cells.text(s, "scheduleId"),
        Cells.text(s, "cronExpression"),
        Cells.text(s, "timezone"),
        Cells.text(s, "enabled"),
        Cells.text(s, "assetSelection"),
        Cells.text(s, "lastScheduledFor"));
  }

  /** {@code schedules list}: by schedule id. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules by id.")
  public static final class ListSchedules extends ClientCommand {
    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      JsonNode body = client.get(path(client, page.addTo(new Urls.Query()).toString())).body();
      if (output == Format.json) {
        printJson(body);
        return 0;
      }
      Table t = table();
      body.path("schedules").forEach(s -> row(t, s));
      t.print(out());
      PageOptions.printNext(out(), body);
      return 0;
    }
  }

  /** {@code schedules get ID}: one schedule's definition and last tick. */
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one schedule.")
  public static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The schedule id.")
    String id;

    @Override
    protected int run(ApiClient client) {
      JsonNode s = client.get(path(client, "/" + ApiClient.segment(id))).body();
      if (output == Format.json) {
        printJson(s);
        return 0;
      }
      new Details()
          .add("schedule", Cells.text(s, "scheduleId"))
          .add("cron", Cells.text(s, "cronExpression"))
          .add("timezone", Cells.text(s, "timezone"))
          .add("enabled", Cells.text(s, "enabled"))
          .add("assets", Cells.text(s, "assetSelection"))
          .add("overlap policy", Cells.text(s, "overlapPolicy"))
          .add("catch-up window", Cells.text(s, "catchupWindowMinutes") + " min")
          .add("max catch-up ticks", Cells.text(s, "maxCatchupTicks"))
          .add("last scheduled for", Cells.text(s, "lastScheduledFor"))
          .add("last tick", Cells.text(s, "lastTickId"))
          .add("last run key", Cells.text(s, "lastRunKey"))
          .add("definition version", Cells.text(s, "definitionVersion"))
          .print(out());
      return 0;
    }
  }

  /** {@code POST /schedules/{id}/enable} or {@code /disable} with {@code {}} (api-contract §8.4). */
  abstract static class Toggle extends RowAction {
    Toggle(String action) {
      super("/schedules", action);
    }

    @Override
    void printRow(JsonNode row) {
      Table t = table();
      row(t, row);
      t.print(out());
    }
  }

  /** {@code schedules enable ID}. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enable a schedule: it ticks and requests runs again from now on.")
  public static final class Enable extends Toggle {
    public Enable() {
      super("enable");
    }
  }

  /** {@code schedules disable ID}: later ticks are SKIPPED {@code paused}. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Disable a schedule: its ticks are recorded as skipped (paused) and request nothing.")
  public static final class Disable extends Toggle {
    public Disable() {
      super("disable");
    }
  }

  /** {@code schedules ticks ID [--status S]}: newest first (api-contract §8.5). */
  @Command(
      name = "ticks",
      mixinStandardHelpOptions = true,
      description = "List a schedule's ticks, newest first.")
  public static final class Ticks extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The schedule id.")
    String id;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only ticks with this status (TRIGGERED, SKIPPED, FAILED).")
    Optional<String> status = Optional.empty();

    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      Urls.Query q = new Urls.Query().add("status", status.map(s -> s.toUpperCase(Locale.ROOT)));
      JsonNode body = client.get(path(client, "/" + ApiClient.segment(id) + "/ticks" + page.addTo(q))).body();
      if (output == Format.json) {
        printJson(body);
        return 0;
      }
      Table t = new Table("TICK", "SCHEDULED FOR", "STATUS", "REASON", "RUN KEY", "RUN");
      for (JsonNode tick : body.path("ticks")) {
        String reason =
            tick.has("skipReason") ? Cells.text(tick, "skipReason") : Cells.text(tick, "errorMessage");
        t.row(
            Cells.text(tick, "tickId"),
            Cells.text(tick, "scheduledFor"),
            Cells.text(tick, "status"),
            reason,
            Cells.text(tick, "runKey"),
            Cells.text(tick, "runId"));
      }
      t.print(out());
      PageOptions.printNext(out(), body);
      return 0;
    }
  }
}
