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
 * {@code arco sensors}: list and read sensors, pause and resume them, evaluate a push message and
 * read the evaluation history (api-contract §9, decisions §2.9, §6.7). The server's only status
 * switch is {@code POST /sensors/{id}/pause} and {@code /resume} (ACTIVE and PAUSED), so {@code
 * disable} and {@code enable} are other names of {@code pause} and {@code resume}.
 */
@Command(
    name = "sensors",
    mixinStandardHelpOptions = true,
    description = "List, pause, resume and evaluate sensors and read their evaluations.",
    subcommands = {
      SensorsCommand.ListSensors.class,
      SensorsCommand.Get.class,
      SensorsCommand.Pause.class,
      SensorsCommand.Resume.class,
      SensorEvaluateCommand.class,
      SensorsCommand.Evals.class
    })
public final class SensorsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  static String path(ApiClient client, String suffix) {
    return client.connection().workspacePath("/sensors" + suffix);
  }

  static Table table() {
    return new Table("SENSOR", "KIND", "STATUS", "ASSETS", "CURSOR", "LAST EVALUATION");
  }

  static void row(Table t, JsonNode s) {
    t.row(
        Cells.text(s, "sensorId"),
        Cells.text(s, "kind"),
        Cells.text(s, "status"),
        Cells.text(s, "assetSelection"),
        Cells.text(s, "cursor"),
        Cells.text(s, "lastEvaluationAt"));
  }

  /** {@code sensors list}: by sensor id. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sensors by id.")
  public static final class ListSensors extends ClientCommand {
    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      JsonNode body = client.get(path(client, page.addTo(new Urls.Query()).toString())).body();
      if (output == Format.json) {
        printJson(body);
        return 0;
      }
      Table t = table();
      body.path("sensors").forEach(s -> row(t, s));
      t.print(out());
      PageOptions.printNext(out(), body);
      return 0;
    }
  }

  /** {@code sensors get ID}: status, cursor, next evaluation and lease. */
  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one sensor.")
  public static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The sensor id.")
    String id;

    @Override
    protected int run(ApiClient client) {
      JsonNode s = client.get(path(client, "/" + ApiClient.segment(id))).body();
      if (output == Format.json) {
        printJson(s);
        return 0;
      }
      JsonNode lease = s.path("lease");
      new Details()
          .add("sensor", Cells.text(s, "sensorId"))
          .add("kind", Cells.text(s, "kind"))
          .add("status", Cells.text(s, "status"))
          .add("assets", Cells.text(s, "assetSelection"))
          .add("min interval", s.has("minIntervalSeconds") ? Cells.text(s, "minIntervalSeconds") + " s" : Cells.ABSENT)
          .add("cursor", Cells.text(s, "cursor"))
          .add("state version", Cells.text(s, "stateVersion"))
          .add("last evaluation", Cells.text(s, "lastEvaluationAt"))
          .add("last evaluation id", Cells.text(s, "lastEvalId"))
          .add("next evaluation", Cells.text(s, "nextEvaluationAt"))
          .add(
              "lease",
              lease.isMissingNode()
                  ? Cells.ABSENT
                  : Cells.text(lease, "workerId") + " since " + Cells.text(lease, "leasedAt"))
          .print(out());
      return 0;
    }
  }

  /** {@code POST /sensors/{id}/pause} or {@code /resume} with {@code {}} (decisions §6.7). */
  abstract static class Toggle extends RowAction {
    Toggle(String action) {
      super("/sensors", action);
    }

    @Override
    void printRow(JsonNode row) {
      Table t = table();
      row(t, row);
      t.print(out());
    }
  }

  /** {@code sensors pause ID}, also {@code sensors disable ID}: ACTIVE → PAUSED. */
  @Command(
      name = "pause",
      aliases = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Pause a sensor (status PAUSED): a poll sensor is no longer evaluated; a manual evaluate"
              + " still runs, with a warning.")
  public static final class Pause extends Toggle {
    public Pause() {
      super("pause");
    }
  }

  /** {@code sensors resume ID}, also {@code sensors enable ID}: PAUSED → ACTIVE. */
  @Command(
      name = "resume",
      aliases = "enable",
      mixinStandardHelpOptions = true,
      description = "Resume a paused sensor (status ACTIVE).")
  public static final class Resume extends Toggle {
    public Resume() {
      super("resume");
    }
  }

  /** {@code sensors evals ID}: the evaluation history, newest first (api-contract §9.4). */
  @Command(
      name = "evals",
      mixinStandardHelpOptions = true,
      description = "List a sensor's evaluations, newest first.")
  public static final class Evals extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "The sensor id.")
    String id;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only evaluations with this status (TRIGGERED, NO_NEW_DATA, ERROR, SKIPPED_STALE_CURSOR).")
    Optional<String> status = Optional.empty();

    @Option(names = "--since", paramLabel = "TIME", description = "Evaluated at or after this RFC 3339 time.")
    Optional<String> since = Optional.empty();

    @Option(names = "--until", paramLabel = "TIME", description = "Evaluated at or before this RFC 3339 time.")
    Optional<String> until = Optional.empty();

    @Mixin PageOptions page;

    @Override
    protected int run(ApiClient client) {
      Urls.Query q =
          new Urls.Query()
              .add("status", status.map(s -> s.toUpperCase(Locale.ROOT)))
              .add("since", since)
              .add("until", until);
      JsonNode body = client.get(path(client, "/" + ApiClient.segment(id) + "/evals" + page.addTo(q))).body();
      if (output == Format.json) {
        printJson(body);
        return 0;
      }
      Table t = new Table("EVALUATION", "EVALUATED AT", "STATUS", "SOURCE", "RUN KEYS", "MESSAGE");
      for (JsonNode e : body.path("evals")) {
        JsonNode source = e.path("triggerSource");
        String from =
            source.has("messageId")
                ? "push " + Cells.text(source, "messageId")
                : source.has("pollEpoch") ? "poll " + Cells.text(source, "pollEpoch") : Cells.ABSENT;
        t.row(
            Cells.text(e, "evalId"),
            Cells.text(e, "evaluatedAt"),
            Cells.text(e.path("status"), "status"),
            from,
            Cells.text(e, "runKeys"),
            Cells.text(e.path("status"), "message"));
      }
      t.print(out());
      PageOptions.printNext(out(), body);
      return 0;
    }
  }
}
