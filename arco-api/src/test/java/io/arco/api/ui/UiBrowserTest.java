package io.arco.api.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real headless Chromium against a real server on port 0 with the example manifest
 * ({@code examples/manifest.json}), driven by the test worker over the HTTP protocol: a failed run
 * whose downstream tasks were skipped, a run left running, and a backfill one chunk in.
 *
 * <p>Skips (a JUnit assumption) only when Chromium or chromedriver is not installed. Screenshots
 * of the main pages go to {@code target/ui-screenshots}, or to the folder named by the system
 * property {@code arco.ui.screenshots} (the README's pictures come from {@code
 * -Darco.ui.screenshots=../docs/ui}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserTest {
  private TestServer server;
  private Browser browser;
  private String failedRun;
  private String runningRun;
  private String backfillId;
  private final Path shots = Path.of(System.getProperty("arco.ui.screenshots", "target/ui-screenshots"));

  @BeforeAll
  void start() throws IOException {
    assumeTrue(Browser.available(), Browser.unavailableReason());
    server = TestServer.start();
    JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(Path.of("../examples/manifest.json")));
    assertThat(server.post(server.ws() + "/manifests", manifest).status()).isEqualTo(201);
    Worker worker = new Worker(server, "ui-worker");

    // A run of the example whose source raw.events fails: everything downstream of it is skipped.
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("selection", List.of("analytics.export"));
    trigger.put("includeUpstream", true);
    trigger.put("runKey", "ui-failed");
    trigger.put("labels", Map.of("team", "growth"));
    failedRun = server.post(server.ws() + "/runs", trigger).body().get("runId").asText();
    for (JsonNode env : worker.poll(10)) {
      worker.started(env);
      if (env.get("taskKey").asText().equals("raw.events")) {
        Map<String, Object> logs = new HashMap<>();
        logs.put("attempt", env.get("attempt").asInt());
        logs.put("stdout", "extracting events\nconnection refused by source");
        logs.put("stderr", "fatal: source unavailable");
        assertThat(worker.callback(env, "logs", logs).status()).isEqualTo(200);
        worker.fail(env, "USER_CODE", false);
      } else {
        worker.succeed(env);
      }
    }
    assertThat(server.get(server.ws() + "/runs/" + failedRun).body().get("state").asText()).isEqualTo("FAILED");

    // A run left running, to cancel from its page.
    runningRun = server.post(server.ws() + "/runs", Map.of("selection", List.of("raw.users"), "runKey", "ui-running"))
        .body().get("runId").asText();
    JsonNode leased = worker.pollOne();
    assertThat(leased.get("runId").asText()).isEqualTo(runningRun);
    worker.started(leased);

    // A backfill of three daily partitions, one chunk per run, the first chunk done.
    Map<String, Object> bf = new LinkedHashMap<>();
    bf.put("assetSelection", List.of("analytics.daily_summary"));
    bf.put("partitionSelector", Map.of("type", "range", "start", "2026-01-01", "end", "2026-01-03"));
    bf.put("clientRequestId", "ui-backfill");
    bf.put("chunkSize", 1);
    bf.put("maxConcurrentRuns", 1);
    backfillId = server.post(server.ws() + "/backfills", bf).body().get("backfillId").asText();
    JsonNode chunk = worker.pollOne();
    worker.started(chunk);
    worker.succeed(chunk);

    // A schedule to disable from the UI.
    Map<String, Object> nightly = new LinkedHashMap<>();
    nightly.put("cronExpression", "0 2 * * *");
    nightly.put("timezone", "UTC");
    nightly.put("catchupWindowMinutes", 60);
    nightly.put("maxCatchupTicks", 1);
    nightly.put("enabled", true);
    nightly.put("assetSelection", List.of("raw.events"));
    assertThat(server.put(server.ws() + "/schedules/nightly", nightly).status()).isEqualTo(201);

    browser = new Browser(1440, 1000);
    // The test server's tenancy: tenant t1, workspace w1 (the UI's defaults are local/default).
    browser.driver().get(server.baseUrl() + "/ui");
    browser.js("localStorage.setItem('arco.tenant', 't1'); localStorage.setItem('arco.workspace', 'w1');");
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void open(String hash) {
    browser.driver().get(server.baseUrl() + "/ui#" + hash);
  }

  private List<WebElement> all(String css) {
    return browser.driver().findElements(By.cssSelector(css));
  }

  private WebElement one(String css) {
    return browser.await(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? null : found.get(0);
    });
  }

  @Test
  void theRootRedirectsToTheRunListWhichShowsTheRuns() {
    browser.driver().get(server.baseUrl() + "/");
    browser.await(d -> d.getCurrentUrl().contains("/ui"));
    WebElement link = one("#runs-list a[href='#/runs/" + failedRun + "']");
    WebElement row = link.findElement(By.xpath("./ancestor::tr"));
    assertThat(row.getText()).contains("FAILED");
    assertThat(browser.driver().findElement(By.cssSelector("#runs-list")).getText()).contains(runningRun);
    browser.screenshot(shots.resolve("runs.png"));

    // The state filter keeps only failed runs.
    new org.openqa.selenium.support.ui.Select(one("#run-state")).selectByValue("FAILED");
    browser.await(d -> !d.findElement(By.cssSelector("#runs-list")).getText().contains(runningRun));
    assertThat(one("#runs-list").getText()).contains(failedRun);
  }

  @Test
  void theRunPageDrawsEveryTaskWithItsStateAndTheEdgeThatCausedEachSkip() {
    open("/runs/" + failedRun);
    JsonNode run = server.get(server.ws() + "/runs/" + failedRun).body();
    browser.await(d -> d.findElements(By.cssSelector("#task-graph g.node")).size() == run.get("tasks").size());
    for (JsonNode t : run.get("tasks")) {
      WebElement node = one("#task-graph g.node[data-id='" + t.get("taskKey").asText() + "']");
      assertThat(node.getAttribute("class")).as(t.get("taskKey").asText()).contains("st-" + t.get("state").asText());
    }
    assertThat(run.at("/tasks").findValuesAsText("state")).contains("FAILED", "SKIPPED", "SUCCEEDED");
    // Edges are drawn, one path per pair of layers; the skip edges and the critical path on top.
    assertThat(all("#task-graph .edges path")).isNotEmpty();
    assertThat(all("#task-graph .overlay path.attributed")).hasSize(1);
    assertThat(all("#task-graph .overlay path.critical")).hasSize(1);
    assertThat(one("#graph-info").getText()).contains("6 tasks, 6 dependencies").contains("Critical path");

    String table = one("#task-table").getText();
    assertThat(table).contains("skipped because upstream raw.events FAILED");
    assertThat(table).contains("skipped because upstream analytics.daily_summary SKIPPED");
    assertThat(one("main").getText()).contains("ui-failed").contains("team=growth");
    browser.screenshot(shots.resolve("run.png"));
  }

  @Test
  void aTasksLogsRenderPerAttempt() {
    open("/runs/" + failedRun);
    one("button.task-link[data-task='raw.events']").click();
    WebElement log = one("#task-detail pre.log");
    assertThat(log.getText()).contains("connection refused by source").contains("fatal: source unavailable");
    assertThat(one("#task-detail [role=tab]").getText()).isEqualTo("Attempt 1");
    assertThat(browser.driver().getCurrentUrl()).contains("task=raw.events");
    // A skipped task has no logs, and says so.
    one("button.task-link[data-task='analytics.sessions']").click();
    assertThat(one("#logs-empty").getText()).contains("No logs");
    assertThat(one("#task-detail").getText()).contains("Skipped because").contains("raw.events FAILED");
  }

  @Test
  void theBackfillPageShowsChunkProgress() {
    open("/backfills/" + backfillId);
    browser.await(d -> d.findElement(By.cssSelector("#backfill-progress")).getText().contains("1 of 3 chunks succeeded"));
    assertThat(one("#backfill-progress .progress").getAttribute("aria-label")).contains("1 succeeded");
    browser.await(d -> d.findElements(By.cssSelector("#chunks tbody tr")).size() >= 2);
    assertThat(one("#chunks").getText()).contains("SUCCEEDED").contains("backfill:" + backfillId + ":chunk:0");
    assertThat(all("#backfill-pause")).hasSize(1);
    browser.screenshot(shots.resolve("backfill.png"));

    open("/backfills");
    assertThat(one("main table").getText()).contains(backfillId).contains("analytics.daily_summary");
  }

  @Test
  void theAssetPageDrawsThePartitionMapAndListsThePartitions() {
    open("/assets");
    one("#asset-graph g.node[data-id='analytics.daily_summary']");
    assertThat(all("#asset-graph g.node")).hasSize(6);
    browser.screenshot(shots.resolve("assets.png"));
    one("#asset-graph g.node[data-id='analytics.daily_summary']").click();
    browser.await(d -> d.getCurrentUrl().contains("#/assets/analytics.daily_summary"));
    JsonNode sum = server.get(server.ws() + "/assets/analytics.daily_summary/partitions/summary").body();
    WebElement grid = one("#partition-grid[data-drawn]");
    assertThat(grid.getAttribute("data-count")).isEqualTo(sum.get("totalPartitions").asText());
    assertThat(one("#partition-summary").getText()).contains(sum.get("totalPartitions").asText() + " partitions");
    browser.await(d -> d.findElement(By.cssSelector("#partition-rows")).getText().contains("date=2026-01-01"));
    assertThat(one("#partition-rows").getText()).contains("MATERIALIZED");
    // Enter on the focused map lists the partitions of its first cell.
    one("#partition-grid canvas").sendKeys(org.openqa.selenium.Keys.ENTER);
    assertThat(one("#grid-pick table").getText()).contains("date=2026-01-01");
    browser.screenshot(shots.resolve("asset.png"));
  }

  @Test
  void aScheduleIsDisabledFromTheScheduleList() {
    open("/schedules");
    one("#schedule-list button[aria-label='Disable nightly']").click();
    browser.await(d -> !d.findElements(By.cssSelector("#schedule-list button[aria-label='Enable nightly']")).isEmpty());
    assertThat(server.get(server.ws() + "/schedules/nightly").body().get("enabled").asBoolean()).isFalse();
    open("/schedules/nightly");
    // The heading is replaced once the schedule has loaded.
    browser.await(d -> d.findElement(By.cssSelector("main h1")).getText().contains("DISABLED"));
    assertThat(one("#ticks").getText()).contains("No ticks");
  }

  @Test
  void cancellingARunFromItsPageCancelsIt() {
    open("/runs/" + runningRun);
    one("#cancel-run").click();
    WebElement confirm = one("#confirm-dialog[open] #confirm-ok");
    confirm.click();
    browser.await(d -> !d.findElement(By.cssSelector("main h1")).getText().contains("RUNNING"));
    String state = server.get(server.ws() + "/runs/" + runningRun).body().get("state").asText();
    assertThat(state).isIn("CANCELLING", "CANCELLED");
    browser.await(d -> d.findElement(By.cssSelector("main h1")).getText().contains(state));
    assertThat(all("#cancel-run")).isEmpty();
  }
}
