package io.arco.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The history scale benchmark, a benchmark main (not JMH): one workspace on the SQLite store
 * ({@code synchronous=FULL}) is driven to N finished runs of a 5-task DAG (a → {b, c} → d → e;
 * every 10th run fails its task d, so e is skipped and the run is FAILED), and at each checkpoint
 * (default 10,000, 100,000 and 1,000,000 runs) it measures what that history costs: the throughput
 * of the stretch (and of every 100,000-run window), the heap after a full GC, the largest snapshot
 * and the SQLite file size, the time to come back after {@code kill -9} and after a clean
 * shutdown, and four reads over HTTP (first page, a deep cursor page, a state filter, the oldest
 * run). At the end the log is replayed in full (snapshots deleted) and a Markdown table is printed
 * (and written to {@code --out}).
 *
 * <p>Every process that opens the store is a child JVM running {@link HistoryScaleChild} (same
 * {@code java}, same class path, {@code -Xmx} from {@code --heap}); this parent only starts
 * children, reads their {@code @@tag key=value} lines from stdout, writes {@code close} to their
 * stdin, SIGKILLs them ({@link Process#destroyForcibly()}) and makes the HTTP requests. Per
 * checkpoint:
 *
 * <ol>
 *   <li>a driving child ({@code drive}) drives from the previous checkpoint to this one with
 *       {@code --threads} threads, reports marks every 10,000 runs and the heap after a full GC,
 *       and is SIGKILLed;
 *   <li>a child ({@code open}) opens the store after the kill, reads one run (the workspace is
 *       loaded), and is closed cleanly ({@code close}: the engine writes its final snapshot);
 *   <li>another child ({@code open serve=true}) opens the store after that clean shutdown, starts
 *       an {@code ArcoServer} on port 0, answers the parent's HTTP reads, and is closed cleanly.
 * </ol>
 *
 * <p>A stretch that cannot finish within {@code --stretch-timeout} stops there: its driving child
 * stops claiming runs, reports how far it got, and the benchmark measures that state and ends; a
 * child that dies (e.g. {@code OutOfMemoryError}: children run with {@code
 * -XX:+ExitOnOutOfMemoryError}) or stops answering is reported as such.
 *
 * <p>Options: {@code --runs-checkpoints 10000,100000,1000000}, {@code --max-runs N} (drops larger
 * checkpoints and ends at N), {@code --threads 8}, {@code --heap 2g}, {@code --stretch-timeout 20m}
 * ({@code s}, {@code m} or {@code h}; a bare number is minutes), {@code --data-dir DIR} (default a
 * temporary directory; must be empty or absent), {@code --keep} (keep the store and the children's
 * logs), {@code --out FILE} (also write the report there), {@code --no-replay} (skip the final full
 * replay). Run with {@code java -cp arco-bench/target/benchmarks.jar
 * io.arco.bench.HistoryScaleBenchmark}.
 */
public final class HistoryScaleBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WINDOW = 100_000;
  private static final int WARMUPS = 200;
  private static final int SAMPLES = 21;

  private HistoryScaleBenchmark() {}

  // ---- options -----------------------------------------------------------------------------------

  record Options(
      List<Long> checkpoints,
      Path dataDir,
      boolean tempDir,
      int threads,
      String heap,
      boolean keep,
      Duration stretchTimeout,
      Optional<Path> out,
      boolean replay,
      List<String> argv) {}

  static Options parse(String[] args) throws IOException {
    List<Long> checkpoints = List.of(10_000L, 100_000L, 1_000_000L);
    long maxRuns = Long.MAX_VALUE;
    Path dataDir = null;
    int threads = 8;
    String heap = "2g";
    boolean keep = false;
    Duration timeout = Duration.ofMinutes(20);
    Optional<Path> out = Optional.empty();
    boolean replay = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String key = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        key = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (key) {
        case "--keep" -> keep = true;
        case "--no-replay" -> replay = false;
        case "--runs-checkpoints", "--max-runs", "--data-dir", "--threads", "--heap", "--stretch-timeout", "--out" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(key + " needs a value");
            }
            value = args[++i];
          }
          switch (key) {
            case "--runs-checkpoints" ->
                checkpoints =
                    Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(s -> Long.parseLong(s.replace("_", "")))
                        .toList();
            case "--max-runs" -> maxRuns = Long.parseLong(value.replace("_", ""));
            case "--data-dir" -> dataDir = Path.of(value);
            case "--threads" -> threads = Integer.parseInt(value);
            case "--heap" -> heap = value;
            case "--stretch-timeout" -> timeout = duration(value);
            case "--out" -> out = Optional.of(Path.of(value));
            default -> throw new IllegalStateException(key);
          }
        }
        case "-h", "--help" -> {
          System.out.println(
              "options: --runs-checkpoints 10000,100000,1000000 --max-runs N --threads 8 --heap 2g"
                  + " --stretch-timeout 20m --data-dir DIR --keep --out FILE --no-replay");
          System.exit(0);
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    TreeSet<Long> cps = new TreeSet<>();
    for (long c : checkpoints) {
      if (c <= 0) {
        throw new IllegalArgumentException("checkpoints must be positive: " + c);
      }
      if (c <= maxRuns) {
        cps.add(c);
      }
    }
    if (maxRuns != Long.MAX_VALUE) {
      cps.add(maxRuns);
    }
    if (cps.isEmpty() || threads < 1) {
      throw new IllegalArgumentException("need at least one checkpoint and one thread");
    }
    boolean temp = dataDir == null;
    if (temp) {
      dataDir = Files.createTempDirectory("arco-history-");
    } else {
      Files.createDirectories(dataDir);
      try (Stream<Path> s = Files.list(dataDir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException("--data-dir must be empty or absent: " + dataDir);
        }
      }
    }
    return new Options(
        List.copyOf(cps), dataDir.toAbsolutePath(), temp, threads, heap, keep, timeout, out, replay, List.of(args));
  }

  static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    char unit = s.charAt(s.length() - 1);
    if (Character.isDigit(unit)) {
      return Duration.ofMinutes(Long.parseLong(s));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("--stretch-timeout: use s, m or h: " + v);
    };
  }

  // ---- what is measured --------------------------------------------------------------------------

  /** One open of the store by a fresh child: after the kill, or after the clean shutdown. */
  static final class Restart {
    double openMs = Double.NaN;
    double spawnToReadyMs = Double.NaN;
    long heap = -1;
    long head = -1;
    long snapshotSeq = -1;
    long snapshotBytes = -1;
    long runs = -1;
    String runsByState = "";
    double closeMs = Double.NaN;
    /** Why the open failed (no figures then). */
    String error;
    /** Why the clean shutdown after the open failed. */
    String closeError;
  }

  /** One stretch, from the previous checkpoint to {@code target}. */
  static final class Stretch {
    final long from;
    final long target;
    String status = "not reached";
    boolean ran;
    boolean complete;
    long runs;
    double driveSec = Double.NaN;
    long appends = -1;
    long events = -1;
    long snapshots = -1;
    long snapshotFailures = -1;
    long maxSnapshotBytes = -1;
    String snapshotFailure;
    long heap = -1;
    long dbBytes = -1;
    long walBytes = -1;
    String load;
    Restart afterKill;
    Restart clean;
    final Map<String, String> reads = new LinkedHashMap<>();
    final List<String> windows = new ArrayList<>();

    Stretch(long from, long target) {
      this.from = from;
      this.target = target;
    }
  }

  // ---- the run -----------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    int readsOnly = List.of(args).indexOf("--reads-only");
    if (readsOnly >= 0) {
      readsOnly(args, readsOnly);
      return;
    }
    Options o = parse(args);
    Instant started = Instant.now();
    String loadAtStart = Machine.loadAverage();
    log("data directory " + o.dataDir() + ", checkpoints " + o.checkpoints() + ", " + o.threads()
        + " threads, children -Xmx" + o.heap() + ", stretch timeout " + human(o.stretchTimeout()));
    Files.createDirectories(o.dataDir().resolve("logs"));
    List<Stretch> stretches = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    TreeMap<Long, Double> driveClock = new TreeMap<>(); // runs finished -> seconds of driving
    driveClock.put(0L, 0.0);
    String firstRunId = null;
    long from = 0;
    boolean stop = false;
    for (long target : o.checkpoints()) {
      Stretch s = new Stretch(from, target);
      stretches.add(s);
      if (stop) {
        continue;
      }
      s.ran = true;
      long p0 = System.nanoTime();
      firstRunId = drive(o, s, driveClock, firstRunId);
      phases.add(phase("drive " + fmt(s.from) + " → " + fmt(target) + " (" + s.status + ")", p0));
      if (!s.complete) {
        stop = true;
      }
      if (firstRunId == null) {
        log("no run was triggered; nothing to measure");
        stop = true;
        break;
      }
      long p1 = System.nanoTime();
      s.afterKill = restart(o, "open-after-kill-" + target, firstRunId, null);
      phases.add(phase("restart after kill -9 at " + fmt(s.runs) + " runs, then clean shutdown", p1));
      long p2 = System.nanoTime();
      s.clean = restart(o, "open-clean-" + target, firstRunId, s);
      phases.add(phase("clean restart at " + fmt(s.runs) + " runs, HTTP reads, shutdown", p2));
      if (!s.complete && s.afterKill.runs >= 0 && s.afterKill.runs != s.runs) {
        s.status += " (" + fmt(s.afterKill.runs) + " runs in the store)";
      }
      if (s.afterKill.error != null || s.afterKill.closeError != null || s.clean.error != null) {
        stop = true;
      }
      from = s.runs;
    }
    windows(stretches, driveClock);

    String replay = null;
    if (o.replay() && firstRunId != null) {
      long p = System.nanoTime();
      replay = replay(o, firstRunId);
      phases.add(phase("full replay (snapshots deleted)", p));
    }
    phases.add(String.format(Locale.ROOT, "total: %s", seconds(Duration.between(started, Instant.now()).toNanos())));

    String report = report(o, started, stretches, replay, phases, loadAtStart, Machine.loadAverage());
    System.out.println();
    System.out.println(report);
    if (o.out().isPresent()) {
      Path out = o.out().get().toAbsolutePath();
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, report);
      log("report written to " + out);
    }
    if (o.keep()) {
      log("kept the store and the children's logs in " + o.dataDir());
    } else {
      deleteStore(o);
    }
  }

  /** Drives one stretch in a child and SIGKILLs it; answers the id of the first run ever. */
  private static String drive(Options o, Stretch s, TreeMap<Long, Double> driveClock, String firstRunId)
      throws Exception {
    log("drive " + fmt(s.from) + " → " + fmt(s.target) + " runs");
    Child c =
        Child.start(
            o,
            "drive-" + s.target,
            "drive",
            "dir=" + o.dataDir(),
            "from=" + s.from,
            "to=" + s.target,
            "threads=" + o.threads(),
            "timeoutSec=" + o.stretchTimeout().toSeconds());
    double base = driveClock.getOrDefault(s.from, Double.NaN);
    long deadline = System.nanoTime() + o.stretchTimeout().toNanos() + TimeUnit.MINUTES.toNanos(6);
    long lastRuns = s.from;
    double lastSec = 0;
    long lastLog = System.nanoTime();
    String first = firstRunId;
    boolean done = false;
    while (true) {
      Line l = c.next(deadline);
      if (l == null) {
        s.status = "no answer from the driving child within " + human(o.stretchTimeout().plusMinutes(6))
            + ", at ≈" + fmt(lastRuns) + " runs";
        break;
      }
      switch (l.tag()) {
        case "mark", "progress" -> {
          lastRuns = l.num("runs");
          lastSec = l.num("nanos") / 1e9;
          if (l.tag().equals("progress")) {
            counters(s, l);
          }
          if (l.tag().equals("mark")) {
            driveClock.put(lastRuns, base + lastSec);
          }
          if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(60)) {
            lastLog = System.nanoTime();
            log(String.format(Locale.ROOT, "  %s runs after %.0f s of this stretch", fmt(lastRuns), lastSec));
          }
        }
        case "firstRun" -> {
          if (first == null) {
            first = l.get("id");
          }
        }
        case "opened" -> log("  driving child opened the store in " + l.get("ms") + " ms");
        case "snapshotFailed" -> {
          if (s.snapshotFailure == null) {
            s.snapshotFailure = fmtBytes(l.num("bytes")) + ": " + l.get("msg");
          }
          log("  snapshot refused (" + l.get("n") + "): " + fmtBytes(l.num("bytes")) + ": " + l.get("msg"));
        }
        case "done" -> {
          s.runs = l.num("runs");
          s.driveSec = l.num("nanos") / 1e9;
          counters(s, l);
          String status = l.get("status");
          s.complete = status.equals("reached");
          s.status =
              switch (status) {
                case "reached" -> "reached";
                case "timeout" ->
                    "timed out at " + fmt(s.runs) + " runs (" + human(o.stretchTimeout()) + ")";
                case "stuck" ->
                    "timed out at " + fmt(s.runs) + " runs (" + human(o.stretchTimeout())
                        + "), commands still unanswered 2 min later";
                default -> "failed at " + fmt(s.runs) + " runs: " + l.get("msg");
              };
          if (!Double.isNaN(base) && !s.complete) {
            driveClock.put(s.runs, base + s.driveSec);
          }
          log("  " + s.status + String.format(Locale.ROOT, " after %.1f s", s.driveSec));
        }
        case "heap" -> {
          s.heap = l.num("bytes");
          done = true;
        }
        case "eof" -> {
          s.status = "driving child died (" + c.death() + ") at ≈" + fmt(lastRuns) + " runs";
          s.runs = lastRuns;
          s.driveSec = lastSec;
          done = true;
        }
        default -> {}
      }
      if (done) {
        break;
      }
    }
    s.load = Machine.loadAverage();
    c.kill();
    if (s.status.startsWith("no answer")) {
      s.runs = lastRuns;
      s.driveSec = lastSec;
    }
    if (!s.status.equals("reached")) {
      c.printLogTail();
    }
    s.dbBytes = size(o.dataDir().resolve("arco.db"));
    s.walBytes = size(o.dataDir().resolve("arco.db-wal"));
    return first;
  }

  /** The driving child's counters, from a progress line or its final line. */
  private static void counters(Stretch s, Line l) {
    s.appends = l.num("appends");
    s.events = l.num("events");
    s.snapshots = l.num("snapshots");
    s.snapshotFailures = l.num("snapshotFailures");
    s.maxSnapshotBytes = l.num("maxSnapshotBytes");
  }

  /**
   * {@code --reads-only OLDEST_RUN_ID --data-dir DIR [--heap H]}: a clean restart of an existing
   * store (one a previous run kept with {@code --keep}) and the HTTP reads against it, printed; for
   * measuring reads again after a change to the read path without driving the runs again.
   */
  private static void readsOnly(String[] args, int at) throws Exception {
    String runId = args[at + 1];
    List<String> rest = new ArrayList<>(List.of(args));
    rest.remove(at + 1);
    rest.remove(at);
    int dir = rest.indexOf("--data-dir");
    Path dataDir = Path.of(rest.get(dir + 1));
    rest.remove(dir + 1);
    rest.remove(dir);
    Options parsed = parse(rest.toArray(String[]::new));
    Options o =
        new Options(parsed.checkpoints(), dataDir, false, parsed.threads(), parsed.heap(), true,
            parsed.stretchTimeout(), parsed.out(), false, List.of(args));
    Files.createDirectories(dataDir.resolve("logs"));
    Stretch s = new Stretch(0, 0);
    Restart r = restart(o, "open-reads", runId, s);
    log(String.format(Locale.ROOT, "open %.0f ms, %s runs, heap after GC %s, reads (median ms) %s",
        r.openMs, fmt(r.runs), fmtBytes(r.heap), s.reads));
  }

  /**
   * Opens the store in a fresh child and closes it cleanly. With {@code reads} set, the child
   * serves HTTP and the reads are made against it.
   */
  private static Restart restart(Options o, String name, String runId, Stretch reads) throws Exception {
    Restart r = new Restart();
    log((reads == null ? "restart after kill -9" : "clean restart") + " (" + name + ")");
    Child c =
        Child.start(o, name, "open", "dir=" + o.dataDir(), "runId=" + runId, "serve=" + (reads != null));
    long deadline = System.nanoTime() + o.stretchTimeout().toNanos();
    try {
      Line ready = c.expect("ready", deadline);
      r.openMs = ready.dbl("openMs");
      r.spawnToReadyMs = (ready.at() - c.spawned) / 1e6;
      log(String.format(Locale.ROOT, "  ready: open %.0f ms, spawn to ready %.0f ms", r.openMs, r.spawnToReadyMs));
      r.heap = c.expect("heap", deadline).num("bytes");
      Line st = c.expect("store", deadline);
      r.head = st.num("head");
      r.snapshotSeq = st.num("snapshotSeq");
      r.snapshotBytes = st.num("snapshotBytes");
      Line runs = c.expect("runs", deadline);
      r.runs = runs.num("total");
      r.runsByState = runs.get("byState");
      log("  runs in the store: " + fmt(r.runs) + " (" + r.runsByState + ")");
      if (reads != null) {
        int port = (int) c.expect("listening", deadline).num("port");
        httpReads(port, r.runs, failedRuns(r.runsByState), reads.reads);
      }
    } catch (ChildFailed e) {
      r.error = e.getMessage();
      log("  " + name + ": " + r.error);
      c.kill();
      c.printLogTail();
      return r;
    }
    try {
      c.send("close");
      r.closeMs = c.expect("closed", deadline).dbl("ms");
      log(String.format(Locale.ROOT, "  closed cleanly in %.0f ms", r.closeMs));
      c.waitFor(deadline);
    } catch (ChildFailed e) {
      r.closeError = e.getMessage();
      log("  " + name + ": " + r.closeError);
      c.kill();
      c.printLogTail();
    }
    return r;
  }

  /** Deletes the snapshots, opens the store (a full replay of the log), reports events/s. */
  private static String replay(Options o, String runId) throws Exception {
    log("full replay: snapshots deleted, then open");
    Child c = Child.start(o, "replay", "replay", "dir=" + o.dataDir(), "runId=" + runId);
    long deadline = System.nanoTime() + o.stretchTimeout().toNanos();
    try {
      c.expect("snapshotsDeleted", deadline);
      Line ready = c.expect("ready", deadline);
      c.expect("heap", deadline);
      long events = c.expect("store", deadline).num("head");
      double ms = ready.dbl("openMs");
      String out =
          String.format(
              Locale.ROOT, "%s events in %s = %,.0f events/s", fmt(events), seconds(ms * 1e6), events / (ms / 1e3));
      log("  " + out);
      try {
        c.send("close");
        c.expect("closed", deadline);
        c.waitFor(deadline);
      } catch (ChildFailed e) {
        c.kill();
        c.printLogTail();
        return out + " (the clean shutdown after it failed: " + e.getMessage() + ")";
      }
      return out;
    } catch (ChildFailed e) {
      c.kill();
      c.printLogTail();
      return "failed: " + e.getMessage();
    }
  }

  // ---- HTTP reads --------------------------------------------------------------------------------

  private static long failedRuns(String byState) {
    for (String kv : byState.split(",")) {
      if (kv.startsWith("FAILED:")) {
        return Long.parseLong(kv.substring("FAILED:".length()));
      }
    }
    return 0;
  }

  private static void httpReads(int port, long runs, long failed, Map<String, String> out) {
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String base = "http://127.0.0.1:" + port + "/api/v1/workspaces/" + HistoryScaleChild.WS.workspace() + "/runs";
    Function<String, JsonNode> get = url -> getJson(http, url);
    try {
      // A deep cursor: the page after ~90 % of the runs, from the nextCursor of a one-run page at
      // that offset (a numeric cursor is a legacy offset, api-contract §1.5).
      long deepOffset = Math.max(0, (long) (runs * 0.9) - 1);
      JsonNode at = get.apply(base + "?limit=1&cursor=" + deepOffset);
      String deepCursor = at.path("nextCursor").asText("");
      JsonNode oldestPage = get.apply(base + "?limit=1&cursor=" + Math.max(0, runs - 1));
      String oldest = oldestPage.path("runs").path(0).path("runId").asText("");
      if (deepCursor.isEmpty() || oldest.isEmpty() || oldestPage.has("nextCursor")) {
        out.put(
            "error",
            "paging by offset did not find " + fmt(runs) + " runs (deep cursor "
                + (deepCursor.isEmpty() ? "missing" : "found") + ", oldest run "
                + (oldest.isEmpty() ? "missing" : oldestPage.has("nextCursor") ? "not the last" : "found") + ")");
        return;
      }
      out.put("first", median(http, base + "?limit=50", (int) Math.min(50, runs)));
      out.put(
          "deep",
          median(
              http,
              base + "?limit=50&cursor=" + URLEncoder.encode(deepCursor, StandardCharsets.UTF_8),
              (int) Math.min(50, runs - deepOffset - 1)));
      out.put("failed", median(http, base + "?state=FAILED&limit=50", (int) Math.min(50, failed)));
      out.put("oldest", median(http, base + "/" + URLEncoder.encode(oldest, StandardCharsets.UTF_8), -1));
      log("  reads (median ms): " + out);
    } catch (RuntimeException e) {
      out.put("error", e.toString());
      log("  reads failed: " + e);
    }
  }

  private static JsonNode getJson(HttpClient http, String url) {
    HttpResponse<byte[]> r = send(http, url);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<byte[]> send(HttpClient http, String url) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(5))
            .header("X-Tenant-Id", HistoryScaleChild.WS.tenant())
            .header("X-Workspace-Id", HistoryScaleChild.WS.workspace())
            .header("X-User-Id", "bench")
            .GET()
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Median of 21 GETs after 200 warm-ups (so the server's read path is compiled, as in a long-running server), in ms; each answer must be 200 and, for a list, hold
   * {@code expectRuns} runs (unless negative).
   */
  private static String median(HttpClient http, String url, int expectRuns) {
    double[] ms = new double[SAMPLES];
    for (int i = 0; i < WARMUPS + SAMPLES; i++) {
      long t = System.nanoTime();
      HttpResponse<byte[]> r = send(http, url);
      long d = System.nanoTime() - t;
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode();
      }
      if (i == 0 && expectRuns >= 0) {
        int n;
        try {
          n = JSON.readTree(r.body()).path("runs").size();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (n != expectRuns) {
          return n + " runs instead of " + expectRuns;
        }
      }
      if (i >= WARMUPS) {
        ms[i - WARMUPS] = d / 1e6;
      }
    }
    Arrays.sort(ms);
    return String.format(Locale.ROOT, "%.2f", ms[SAMPLES / 2]);
  }

  // ---- per 100k windows --------------------------------------------------------------------------

  /**
   * Throughput of every complete 100,000-run window of driving time (restarts excluded), each
   * listed on the stretch in which it ends; the last stretch also gets last vs first.
   */
  private static void windows(List<Stretch> stretches, TreeMap<Long, Double> driveClock) {
    List<double[]> all = new ArrayList<>();
    for (long w = WINDOW; driveClock.containsKey(w); w += WINDOW) {
      Double a = driveClock.get(w - WINDOW);
      Double b = driveClock.get(w);
      if (a == null || b == null || Double.isNaN(a) || Double.isNaN(b)) {
        break;
      }
      double rate = WINDOW / (b - a);
      all.add(new double[] {w, rate});
      for (Stretch s : stretches) {
        if (s.from < w && w <= s.target) {
          s.windows.add(String.format(Locale.ROOT, "%s–%s: %,.0f", k(w - WINDOW), k(w), rate));
        }
      }
    }
    if (all.size() >= 2) {
      double[] first = all.get(0);
      double[] last = all.get(all.size() - 1);
      for (Stretch s : stretches) {
        if (s.from < last[0] && last[0] <= s.target) {
          s.windows.add(String.format(Locale.ROOT, "last/first window: %.2f×", last[1] / first[1]));
        }
      }
    }
  }

  // ---- the report --------------------------------------------------------------------------------

  private static String report(
      Options o,
      Instant started,
      List<Stretch> stretches,
      String replay,
      List<String> phases,
      String loadAtStart,
      String loadAtEnd) {
    StringBuilder b = new StringBuilder();
    b.append("### History scale (`HistoryScaleBenchmark`)\n\n");
    b.append("* Date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n");
    b.append("* Machine: ").append(Machine.describe()).append('\n');
    b.append("* Load average (1/5/15 min, 2-core machine shared with other builds): ")
        .append(loadAtStart)
        .append(" at the start, ")
        .append(loadAtEnd)
        .append(" at the end\n");
    b.append("* JDK: ").append(Machine.jdk()).append('\n');
    b.append("* Command: `java -cp ")
        .append(System.getProperty("java.class.path"))
        .append(' ')
        .append(HistoryScaleBenchmark.class.getName())
        .append(o.argv().isEmpty() ? "" : " " + String.join(" ", o.argv()))
        .append("`\n");
    b.append("* Children: `java ").append(String.join(" ", Child.jvmOptions(o))).append(" … HistoryScaleChild`; ")
        .append(o.threads()).append(" driver threads; SQLite, WAL, `synchronous=FULL`; engine defaults (`--snapshot-every` 1,000)\n");
    b.append("* Workload: one workspace; per run a 5-task DAG a → {b, c} → d → e driven through the engine API"
        + " (trigger, 4 leases, 5 started, 5 completed: 15 commands, 22 events); every 10th run fails d (e skipped, run FAILED)\n\n");

    List<Stretch> cols = stretches;
    b.append("| Metric |");
    for (Stretch s : cols) {
      b.append(' ').append(fmt(s.target)).append(" runs |");
    }
    b.append("\n|---|");
    cols.forEach(s -> b.append("---:|"));
    b.append('\n');
    row(b, cols, "Status", s -> s.status);
    row(b, cols, "Stretch driven (runs, driving time)", s -> s.ran && !Double.isNaN(s.driveSec)
        ? fmt(s.from) + " → " + fmt(s.runs) + " in " + seconds(s.driveSec * 1e9) : null);
    row(b, cols, "Throughput of the stretch (runs/s)", s -> s.ran && s.driveSec > 0
        ? String.format(Locale.ROOT, "%,.0f", (s.runs - s.from) / s.driveSec) : null);
    row(b, cols, "Throughput per 100k-run window (runs/s)", s -> s.windows.isEmpty() ? null : String.join("; ", s.windows));
    row(b, cols, "Load average (1/5/15 min) when the drive ended", s -> s.load);
    row(b, cols, "Events per commit (group commit)", s -> s.appends > 0
        ? String.format(Locale.ROOT, "%.1f (%s events, %s commits)", (double) s.events / s.appends, fmt(s.events), fmt(s.appends)) : null);
    row(b, cols, "Snapshots written / refused in the stretch", s -> s.snapshots >= 0
        ? s.snapshots + " / " + s.snapshotFailures : null);
    row(b, cols, "Largest snapshot written in the stretch", s -> s.maxSnapshotBytes > 0 ? fmtBytes(s.maxSnapshotBytes) : s.snapshots >= 0 ? "none" : null);
    row(b, cols, "First snapshot refused", s -> s.snapshotFailure);
    row(b, cols, "Heap used after full GC (driving child)", s -> s.heap > 0 ? fmtBytes(s.heap)
        : s.status.startsWith("driving child died") ? "not measured (the child died)" : null);
    row(b, cols, "SQLite file after kill -9 (db + wal)", s -> s.dbBytes >= 0
        ? fmtBytes(s.dbBytes + Math.max(0, s.walBytes)) + " (" + fmtBytes(s.dbBytes) + " + " + fmtBytes(Math.max(0, s.walBytes)) + ")" : null);
    row(b, cols, "Snapshot in the store after kill -9 (size at seq / head)", s -> snapshotCell(s.afterKill));
    row(b, cols, "Restart after kill -9: open → workspace answers", s -> openCell(s.afterKill));
    row(b, cols, "Restart after kill -9: spawn → ready (incl. JVM start)", s -> s.afterKill == null || Double.isNaN(s.afterKill.spawnToReadyMs) ? null : seconds(s.afterKill.spawnToReadyMs * 1e6));
    row(b, cols, "Heap used after full GC, freshly opened", s -> s.afterKill == null || s.afterKill.heap < 0 ? null : fmtBytes(s.afterKill.heap));
    row(b, cols, "Runs in the store (by state)", s -> s.afterKill == null || s.afterKill.runs < 0 ? null
        : fmt(s.afterKill.runs) + " (" + s.afterKill.runsByState.replace(",", ", ").replace(":", " ") + ")");
    row(b, cols, "Clean shutdown of that child (final snapshot)", s -> closeCell(s.afterKill));
    row(b, cols, "Snapshot in the store at the clean restart", s -> snapshotCell(s.clean));
    row(b, cols, "Clean restart: open → workspace answers", s -> s.clean == null ? null
        : s.afterKill != null && s.afterKill.closeError != null
            ? openCell(s.clean) + " (not clean: the shutdown before it failed)"
            : openCell(s.clean));
    row(b, cols, "Clean restart: spawn → ready (incl. JVM start)", s -> s.clean == null || Double.isNaN(s.clean.spawnToReadyMs) ? null : seconds(s.clean.spawnToReadyMs * 1e6));
    row(b, cols, "GET /runs?limit=50 (ms, median of 21)", s -> read(s, "first"));
    row(b, cols, "GET /runs?limit=50&cursor=(after 90 %) (ms)", s -> read(s, "deep"));
    row(b, cols, "GET /runs?state=FAILED&limit=50 (ms)", s -> read(s, "failed"));
    row(b, cols, "GET /runs/{oldest run} (ms)", s -> read(s, "oldest"));
    if (replay != null) {
      Stretch last = null;
      for (Stretch s : cols) {
        if (s.ran) {
          last = s;
        }
      }
      Stretch at = last;
      row(b, cols, "Full replay of the log (snapshots deleted, open → ready)", s -> s == at ? replay : null);
    }
    b.append("\nPhases (wall time):\n\n");
    for (String p : phases) {
      b.append("* ").append(p).append('\n');
    }
    return b.toString();
  }

  private static String snapshotCell(Restart r) {
    if (r == null || r.head < 0) {
      return null;
    }
    return r.snapshotBytes < 0
        ? "none / " + fmt(r.head) + " events"
        : fmtBytes(r.snapshotBytes) + " at " + fmt(r.snapshotSeq) + " / " + fmt(r.head) + " events";
  }

  private static String closeCell(Restart r) {
    if (r == null || (Double.isNaN(r.closeMs) && r.closeError == null)) {
      return null;
    }
    return r.closeError != null ? "failed: " + r.closeError : seconds(r.closeMs * 1e6);
  }

  private static String openCell(Restart r) {
    if (r == null) {
      return null;
    }
    if (Double.isNaN(r.openMs)) {
      return r.error == null ? null : "failed: " + r.error;
    }
    return seconds(r.openMs * 1e6) + (r.error == null ? "" : " (then failed: " + r.error + ")");
  }

  private static String read(Stretch s, String key) {
    if (s.reads.containsKey("error")) {
      return key.equals("first") ? "failed: " + s.reads.get("error") : null;
    }
    return s.reads.get(key);
  }

  private static void row(StringBuilder b, List<Stretch> cols, String name, Function<Stretch, String> cell) {
    b.append("| ").append(name).append(" |");
    for (Stretch s : cols) {
      String v = s.ran || name.equals("Status") ? cell.apply(s) : null;
      b.append(' ').append(v == null ? "—" : v.replace("|", "\\|")).append(" |");
    }
    b.append('\n');
  }

  /** The first three fields of /proc/loadavg (the machine is shared), or null. */
  // ---- formatting --------------------------------------------------------------------------------

  static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String human(Duration d) {
    long sec = d.toSeconds();
    return sec % 3600 == 0 ? sec / 3600 + " h" : sec % 60 == 0 ? sec / 60 + " min" : sec + " s";
  }

  static String k(long n) {
    return n == 0 ? "0" : n % 1000 == 0 ? (n / 1000) + "k" : fmt(n);
  }

  static String fmtBytes(long b) {
    return b < 0 ? "—" : String.format(Locale.ROOT, "%,.1f MB", b / 1e6);
  }

  static String seconds(double nanos) {
    double s = nanos / 1e9;
    return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%,.1f s", s);
  }

  private static String phase(String what, long startNanos) {
    String p = what + ": " + seconds(System.nanoTime() - startNanos);
    log("phase " + p);
    return p;
  }

  static void log(String msg) {
    Progress.log(msg);
  }

  private static long size(Path p) throws IOException {
    return Files.exists(p) ? Files.size(p) : -1;
  }

  private static void deleteStore(Options o) throws IOException {
    List<Path> paths = new ArrayList<>();
    if (o.tempDir()) {
      paths.add(o.dataDir());
    } else {
      for (String f : List.of("arco.db", "arco.db-wal", "arco.db-shm", "logs")) {
        paths.add(o.dataDir().resolve(f));
      }
    }
    for (Path root : paths) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  // ---- children ----------------------------------------------------------------------------------

  /** A {@code @@tag key=value ...} line of a child, with the parent's nanoTime it arrived at. */
  record Line(String tag, Map<String, String> values, long at) {
    static Line parse(String raw, long at) {
      String body = raw.substring(2);
      int msg = body.indexOf(" msg=");
      Map<String, String> v = new LinkedHashMap<>();
      if (msg >= 0) {
        v.put("msg", body.substring(msg + 5));
        body = body.substring(0, msg);
      }
      String[] parts = body.trim().split(" +");
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          v.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
      }
      return new Line(parts[0], v, at);
    }

    String get(String key) {
      return values.getOrDefault(key, "");
    }

    long num(String key) {
      return Long.parseLong(values.getOrDefault(key, "-1"));
    }

    double dbl(String key) {
      return Double.parseDouble(values.getOrDefault(key, "NaN"));
    }
  }

  /** A child failed to answer as expected: died, timed out or said something else. */
  static final class ChildFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ChildFailed(String message) {
      super(message);
    }
  }

  /** A child JVM running {@link HistoryScaleChild}: stdout lines parsed, stdin for commands. */
  static final class Child {
    final String name;
    final Process process;
    final long spawned;
    final Path log;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    /** The JVM said it ran out of heap ({@code -XX:+ExitOnOutOfMemoryError} prints on stdout). */
    volatile boolean outOfMemory;
    private final Writer stdin;

    private Child(String name, Process process, long spawned, Path log) {
      this.name = name;
      this.process = process;
      this.spawned = spawned;
      this.log = log;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static List<String> jvmOptions(Options o) {
      return List.of(
          "-Xmx" + o.heap(),
          "-XX:+ExitOnOutOfMemoryError",
          "--enable-native-access=ALL-UNNAMED",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    static Child start(Options o, String name, String... args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Machine.java());
      cmd.addAll(jvmOptions(o));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(HistoryScaleChild.class.getName());
      cmd.addAll(List.of(args));
      Path log = o.dataDir().resolve("logs").resolve(name + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      long spawned = System.nanoTime();
      Process p = pb.start();
      Child c = new Child(name, p, spawned, log);
      Thread.ofPlatform()
          .daemon()
          .name("child-" + name)
          .start(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    if (line.startsWith("@@")) {
                      c.lines.add(Line.parse(line, System.nanoTime()));
                    } else {
                      if (line.contains("OutOfMemoryError")) {
                        c.outOfMemory = true;
                      }
                      System.err.println("  [" + name + "] " + line);
                    }
                  }
                } catch (IOException e) {
                  // the process went away
                }
                c.lines.add(new Line("eof", Map.of(), System.nanoTime()));
              });
      return c;
    }

    /** The next line, or null when {@code deadline} (nanoTime) passes. */
    Line next(long deadline) throws InterruptedException {
      long left = deadline - System.nanoTime();
      return left <= 0 ? lines.poll() : lines.poll(left, TimeUnit.NANOSECONDS);
    }

    /** The next line tagged {@code tag}, skipping others. */
    Line expect(String tag, long deadline) throws InterruptedException, ChildFailed {
      while (true) {
        Line l = next(deadline);
        if (l == null) {
          throw new ChildFailed("no '" + tag + "' from " + name + " in time");
        }
        if (l.tag().equals(tag)) {
          return l;
        }
        if (l.tag().equals("eof")) {
          throw new ChildFailed(name + " died before '" + tag + "' (" + death() + ")");
        }
      }
    }

    void send(String command) throws ChildFailed {
      try {
        stdin.write(command + "\n");
        stdin.flush();
      } catch (IOException e) {
        throw new ChildFailed("cannot write to " + name + ": " + e.getMessage());
      }
    }

    void waitFor(long deadline) throws InterruptedException, ChildFailed {
      if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new ChildFailed(name + " did not exit");
      }
    }

    /** SIGKILL ({@code destroyForcibly}) and wait for the process to be gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }

    /** Why the process ended: its exit code, and OutOfMemoryError if its log says so. */
    String death() {
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String why = process.isAlive() ? "closed stdout" : "exit code " + process.exitValue();
      try {
        if (outOfMemory || (Files.exists(log) && Files.readString(log).contains("OutOfMemoryError"))) {
          why += ", OutOfMemoryError";
        }
      } catch (IOException | RuntimeException e) {
        // the reason stays the exit code
      }
      return why;
    }

    void printLogTail() {
      try {
        if (!Files.exists(log)) {
          return;
        }
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (all.isEmpty()) {
          return;
        }
        log("last lines of " + log + ":");
        for (String l : all.subList(Math.max(0, all.size() - 30), all.size())) {
          System.err.println("    " + l);
        }
      } catch (IOException | RuntimeException e) {
        log("cannot read " + log + ": " + e);
      }
    }
  }
}
