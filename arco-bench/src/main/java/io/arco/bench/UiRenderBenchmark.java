package io.arco.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.api.ArcoServer;
import io.arco.api.ServerConfig;
import io.arco.flow.engine.BackfillRequest;
import io.arco.flow.engine.Engine;
import io.arco.flow.engine.EngineOptions;
import io.arco.flow.engine.LeaseRequest;
import io.arco.flow.engine.LeasedTask;
import io.arco.flow.engine.ManualClock;
import io.arco.flow.model.PartitionSelector;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast the web UI draws its two heaviest pages in the system's headless Chromium (issue 14), a
 * benchmark main: the run page of a 1,000-task run with 47,500 dependencies ({@link LayeredDag} 20
 * layers × 50 assets, each depending on every asset of the layer before; 600 tasks succeeded, the
 * next ones running), and the asset page of an asset with 100,000 partitions (10,000 days × 10
 * regions, all materialized by a backfill driven through the engine API), both served by the real
 * {@link ArcoServer} in dev mode over an in-memory store.
 *
 * <p>Each page is loaded from {@code about:blank} seven times; the time printed is the page's own
 * {@code performance.now()} (milliseconds since navigation started) when the graph or the heat map
 * had been drawn and two animation frames had passed: the first load (cold cache) and the median of
 * the other six (warm cache, the server's JSON not cached).
 *
 * <p>Arguments (all optional, {@code key=value}): {@code chromium=/usr/bin/chromium}, {@code
 * chromedriver=/usr/bin/chromedriver}, {@code days=10000}, {@code regions=10}, {@code layers=20},
 * {@code width=50}. Run with {@code java -cp arco-bench/target/benchmarks.jar
 * io.arco.bench.UiRenderBenchmark}.
 */
public final class UiRenderBenchmark {
  private static final Scope WS = new Scope("local", "default");
  private static final String ASSET = "scale.events";
  private static final int LOADS = 7;

  private UiRenderBenchmark() {}

  public static void main(String[] args) throws Exception {
    String chromium = arg(args, "chromium", "/usr/bin/chromium");
    String chromedriver = arg(args, "chromedriver", "/usr/bin/chromedriver");
    int days = Integer.parseInt(arg(args, "days", "10000"));
    int regions = Integer.parseInt(arg(args, "regions", "10"));
    LayeredDag dag = new LayeredDag(Integer.parseInt(arg(args, "layers", "20")), Integer.parseInt(arg(args, "width", "50")));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T00:00:00Z"));
    try (Engine engine = Engine.open(new InMemoryEventStore(), clock, EngineOptions.defaults().withTickInterval(Duration.ZERO))) {
      // The 1,000-task run: 600 tasks succeed, the next ones are leased and running.
      engine.deployManifest(WS, dag.manifest("ui-bench-dag"), Optional.empty(), "bench");
      String runId = engine.triggerRun(WS, TriggerRequest.of(dag.keys()), "bench").runId();
      int done = 0;
      int target = dag.tasks() * 3 / 5;
      while (done < target) {
        List<LeasedTask> leased = engine.lease(WS, new LeaseRequest("bench", List.of("default-queue"), 100, 0));
        if (leased.isEmpty()) {
          break;
        }
        for (LeasedTask t : leased) {
          EngineCalls.started(engine, WS, t, "bench");
          if (done < target) {
            EngineCalls.succeeded(engine, WS, t, "bench");
            done++;
          }
        }
      }

      // The 100k-partition asset.
      engine.deployManifest(WS, partitioned(regions), Optional.empty(), "bench");
      String first = "2000-01-01";
      String last = java.time.LocalDate.parse(first).plusDays(days - 1L).toString();
      String backfill =
          engine.createBackfill(
                  WS,
                  new BackfillRequest(List.of(ASSET), new PartitionSelector.Range(first, last), Optional.of("ui-bench"), 100, 8))
              .backfillId();
      while (!engine.getBackfill(WS, backfill).state().isTerminal()) {
        List<LeasedTask> leased = engine.lease(WS, new LeaseRequest("bench", List.of("default-queue"), 100, 0));
        if (!leased.isEmpty()) {
          EngineCalls.batch(engine, WS, leased, "bench", false);
        }
      }
      long partitions = engine.partitionSummary(WS, ASSET).totalPartitions();

      ArcoServer server = ArcoServer.create(engine, ServerConfig.defaults()).start("127.0.0.1", 0);
      Path profile = Files.createTempDirectory("arco-bench-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium);
      options.addArguments(
          "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--window-size=1440,900");
      System.setProperty("webdriver.chrome.driver", chromedriver);
      ChromeDriver driver =
          new ChromeDriver(
              new ChromeDriverService.Builder().usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build(),
              options);
      try {
        String base = "http://127.0.0.1:" + server.port() + "/ui#";
        double[] run = load(driver, base + "/runs/" + runId, "#task-graph");
        long nodes = (Long) driver.executeScript("return document.querySelectorAll('#task-graph g.node').length");
        long paths = (Long) driver.executeScript("return document.querySelectorAll('#task-graph path').length");
        double[] grid = load(driver, base + "/assets/" + ASSET, "#partition-grid");
        double loaded = Double.parseDouble(driver.findElement(By.cssSelector("#partition-grid")).getAttribute("data-loaded"));
        double drawnAt = Double.parseDouble(driver.findElement(By.cssSelector("#partition-grid")).getAttribute("data-drawn"));
        String drawn = driver.findElement(By.cssSelector("#partition-grid")).getAttribute("data-count");

        System.out.println(Machine.describe());
        System.out.println("JDK: " + Machine.jdk() + "; Chromium " + driver.getCapabilities().getBrowserVersion());
        System.out.printf(
            Locale.ROOT,
            "run page, %d tasks and %d dependencies (%d node groups, %d paths in the SVG): first load %.0f ms, warm median %.0f ms (min %.0f, max %.0f)%n",
            dag.tasks(), (long) (dag.layers() - 1) * dag.width() * dag.width(), nodes, paths, run[0], median(run), min(run), max(run));
        System.out.printf(
            Locale.ROOT,
            "asset page, %d partitions (%s drawn in the heat map): first load %.0f ms, warm median %.0f ms (min %.0f, max %.0f)%n",
            partitions, drawn, grid[0], median(grid), min(grid), max(grid));
        System.out.printf(
            Locale.ROOT, "  (last load: statuses read at %.0f ms, drawn at %.0f ms); load average %s%n",
            loaded, drawnAt, Machine.loadAverage());
      } finally {
        driver.quit();
        server.stop();
        try (var files = Files.walk(profile)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** Loads {@code url} {@value #LOADS} times; answers the drawing times (ms since navigation start). */
  private static double[] load(ChromeDriver driver, String url, String marker) {
    double[] ms = new double[LOADS];
    for (int i = 0; i < LOADS; i++) {
      driver.get("about:blank");
      driver.get(url);
      String at =
          new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(20))
              .until(d -> d.findElement(By.cssSelector(marker)).getAttribute("data-drawn"));
      ms[i] = Double.parseDouble(at);
    }
    return ms;
  }

  private static double median(double[] ms) {
    double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  private static double min(double[] ms) {
    return Arrays.stream(ms).min().orElse(0);
  }

  private static double max(double[] ms) {
    return Arrays.stream(ms).max().orElse(0);
  }

  private static ObjectNode partitioned(int regions) {
    ObjectNode m = new ObjectMapper().createObjectNode().put("manifestVersion", "v1").put("codeVersionId", "ui-bench-partitions");
    ObjectNode a = m.putArray("assets").addObject();
    a.putObject("key").put("namespace", "scale").put("name", "events");
    a.put("id", "events");
    ArrayNode dims = a.putObject("partitioning").putArray("dimensions");
    dims.addObject().put("name", "date").put("kind", "time").put("granularity", "day");
    ArrayNode values = dims.addObject().put("name", "region").put("kind", "static").putArray("values");
    List<String> names = new ArrayList<>();
    for (int r = 0; r < regions; r++) {
      names.add(String.format(Locale.ROOT, "region-%02d", r));
    }
    names.forEach(values::add);
    return m;
  }

  private static String arg(String[] args, String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return a.substring(key.length() + 1);
      }
    }
    return dflt;
  }
}
