package io.arco.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arco logs RUN [--task KEY] [--attempt N] [--follow]}: prints a run's logs.
 *
 * <p>First the logs workers uploaded when attempts ended ({@code GET .../runs/{id}/logs}, every
 * page, following {@code x-arco-next-cursor}), exactly as the server writes them: {@code ---
 * logs/{run}/{task}/attempt-{n}.log ---} and the attempt's stdout and stderr. Then the output of
 * attempts that have no uploaded log yet, running ones above all, read from the live-log route
 * ({@code GET .../logs/live}) and printed line by line as {@code [task #n] line} (stderr: {@code
 * [task #n stderr] line}). With {@code --follow} it keeps reading the live output of the run's
 * attempts, new ones included, until the run has ended and every attempt's output is read; an
 * attempt whose worker streamed nothing gets its uploaded log printed when it ends. {@code --output
 * json} prints one JSON object per log or line instead.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print a run's logs; --follow streams the output of running attempts until the run ends.")
public final class LogsCommand extends ClientCommand {
  private static final long FOLLOW_INTERVAL_MS = 500;
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id.")
  String runId;

  @Option(names = "--task", paramLabel = "KEY", description = "Only this task (asset key, or asset key@partition key).")
  Optional<String> task = Optional.empty();

  @Option(names = "--attempt", paramLabel = "N", description = "Only attempt N of each task.")
  Optional<Integer> attempt = Optional.empty();

  @Option(names = {"-f", "--follow"}, description = "Keep printing running attempts' output until the run ends.")
  boolean follow;

  /** One uploaded attempt log as the contract's read route writes it. */
  record Entry(String taskKey, int attempt, String path, String text) {}

  @Override
  protected int run(ApiClient client) throws Exception {
    if (attempt.isPresent() && attempt.get() < 1) {
      throw new ClientException("--attempt must be >= 1", 2);
    }
    Connection.Resolved conn = client.connection();
    String runPath = conn.workspacePath("/runs/" + encode(runId));
    JsonNode run = client.get(runPath).body();
    Set<String> uploaded = new LinkedHashSet<>();
    Optional<ClientException> noLogs = Optional.empty();
    try {
      for (Entry e : uploadedLogs(client, runPath, task)) {
        if (attempt.isEmpty() || attempt.get() == e.attempt()) {
          printUploaded(e);
          uploaded.add(key(e.taskKey(), e.attempt()));
        }
      }
    } catch (ClientException e) {
      // The run exists (read above), so a 404 here is the contract's "logs not found".
      if (!e.getMessage().startsWith("HTTP 404")) {
        throw e;
      }
      noLogs = Optional.of(e);
    }
    Map<String, LiveAttempt> live = new LinkedHashMap<>();
    while (true) {
      addAttempts(run, uploaded, live);
      boolean allRead = true;
      for (LiveAttempt a : live.values()) {
        if (!a.done) {
          a.read(client, runPath, !follow);
          if (a.done && a.bytes == 0 && follow) {
            printUploadedOf(client, runPath, a);
          }
          allRead &= a.done;
        }
      }
      String state = run.path("state").asText();
      if (!follow) {
        if (uploaded.isEmpty() && live.values().stream().allMatch(a -> a.bytes == 0) && noLogs.isPresent()) {
          throw noLogs.get();
        }
        return 0;
      }
      if (TERMINAL.contains(state) && allRead) {
        err().println("run " + runId + " ended " + state);
        err().flush();
        return 0;
      }
      Thread.sleep(FOLLOW_INTERVAL_MS);
      run = client.get(runPath).body();
    }
  }

  /** Every attempt of the run's tasks (as filtered) without an uploaded log, once. */
  private void addAttempts(JsonNode run, Set<String> uploaded, Map<String, LiveAttempt> live) {
    for (JsonNode t : run.path("tasks")) {
      String taskKey = t.path("taskKey").asText();
      if (task.isPresent() && !task.get().equals(taskKey)) {
        continue;
      }
      for (int n = 1; n <= t.path("attempt").asInt(0); n++) {
        int number = n;
        if ((attempt.isEmpty() || attempt.get() == n) && !uploaded.contains(key(taskKey, n))) {
          live.computeIfAbsent(key(taskKey, n), k -> new LiveAttempt(taskKey, number));
        }
      }
    }
  }

  private static String key(String taskKey, int attempt) {
    return taskKey + "#" + attempt;
  }

  /** The uploaded logs of the run (or one task), every page, split into attempts. */
  static List<Entry> uploadedLogs(ApiClient client, String runPath, Optional<String> taskKey) {
    List<Entry> out = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      StringBuilder q = new StringBuilder(runPath + "/logs?limit=200");
      taskKey.ifPresent(k -> q.append("&taskKey=").append(encode(k)));
      cursor.ifPresent(c -> q.append("&cursor=").append(encode(c)));
      ApiClient.TextAnswer page = client.getText(q.toString());
      out.addAll(entries(page.body()));
      cursor = page.header("x-arco-next-cursor");
    } while (cursor.isPresent());
    return out;
  }

  private static final Pattern HEADER = Pattern.compile("^--- logs/[^/\n]+/(.+)/attempt-(\\d+)\\.log ---$", Pattern.MULTILINE);

  /**
   * Splits a page of the contract's read route into its log objects: each begins with a {@code ---
   * logs/{run}/{task}/attempt-{n}.log ---} line followed by {@code === stdout ===}, as every upload
   * is stored (api-contract §3.6), so output that merely looks like a header does not split it.
   */
  static List<Entry> entries(String page) {
    List<java.util.regex.MatchResult> headers = new ArrayList<>();
    Matcher m = HEADER.matcher(page);
    while (m.find()) {
      if (page.startsWith("\n=== stdout ===\n", m.end())) {
        headers.add(m.toMatchResult());
      }
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      java.util.regex.MatchResult h = headers.get(i);
      int end = i + 1 < headers.size() ? headers.get(i + 1).start() : page.length();
      String path = page.substring(h.start() + 4, h.end() - 4);
      out.add(new Entry(h.group(1), Integer.parseInt(h.group(2)), path, page.substring(h.start(), end)));
    }
    return out;
  }

  private void printUploaded(Entry e) {
    if (output == Format.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("taskKey", e.taskKey());
      m.put("attempt", e.attempt());
      m.put("path", e.path());
      m.put("log", e.text().substring(e.text().indexOf('\n') + 1));
      out().println(Json.string(m));
    } else {
      out().print(e.text());
    }
    out().flush();
  }

  /** The uploaded log of an attempt that streamed nothing live (its worker may not stream). */
  private void printUploadedOf(ApiClient client, String runPath, LiveAttempt a) {
    try {
      uploadedLogs(client, runPath, Optional.of(a.taskKey)).stream()
          .filter(e -> e.attempt() == a.attempt)
          .forEach(this::printUploaded);
    } catch (ClientException e) {
      if (!e.getMessage().startsWith("HTTP 404")) {
        throw e;
      }
    }
  }

  private void printLine(String taskKey, int attempt, String stream, String line) {
    if (output == Format.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("taskKey", taskKey);
      m.put("attempt", attempt);
      m.put("stream", stream);
      m.put("line", line);
      out().println(Json.string(m));
    } else {
      out().println("[" + taskKey + " #" + attempt + (stream.equals("stderr") ? " stderr] " : "] ") + line);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The live output of one attempt being read: both streams, from where the last read ended. */
  private final class LiveAttempt {
    final String taskKey;
    final int attempt;
    final long[] offsets = new long[2];
    final StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
    final boolean[] complete = new boolean[2];
    long bytes;
    boolean done;

    LiveAttempt(String taskKey, int attempt) {
      this.taskKey = taskKey;
      this.attempt = attempt;
    }

    /**
     * Reads what is new on both streams and prints its complete lines; {@code once} (no
     * following) also prints an unfinished last line and counts the attempt as read.
     */
    void read(ApiClient client, String runPath, boolean once) {
      String[] streams = {"stdout", "stderr"};
      for (int s = 0; s < 2; s++) {
        while (!complete[s]) {
          ApiClient.TextAnswer a =
              client.getText(
                  runPath + "/logs/live?taskKey=" + encode(taskKey) + "&attempt=" + attempt
                      + "&stream=" + streams[s] + "&offset=" + offsets[s]);
          offsets[s] = a.header("x-arco-next-offset").map(Long::parseLong).orElse(offsets[s]);
          complete[s] = a.header("x-arco-log-complete").map(Boolean::parseBoolean).orElse(true);
          bytes += a.body().getBytes(StandardCharsets.UTF_8).length;
          partial[s].append(a.body());
          int nl;
          while ((nl = partial[s].indexOf("\n")) >= 0) {
            printLine(taskKey, attempt, streams[s], partial[s].substring(0, nl));
            partial[s].delete(0, nl + 1);
          }
          if (a.body().isEmpty()) {
            break; // nothing new for now
          }
        }
        if ((complete[s] || once) && !partial[s].isEmpty()) {
          printLine(taskKey, attempt, streams[s], partial[s].toString());
          partial[s].setLength(0);
        }
      }
      out().flush();
      done = once || (complete[0] && complete[1]);
    }
  }
}
