package io.arco.api.cli;

import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.cli.CliRunner.Result;
import io.arco.api.http.Json;
import io.arco.api.testing.TestServer;
import io.arco.api.testing.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code arco runs list} and {@code arco runs get} against a real server, as tables and as JSON. */
class RunsReadCommandsHttpTest {
  private static final Pattern NEXT = Pattern.compile("\nnext page: --cursor (\\S+)\n");

  private static String triggerLabelled(TestServer s, String team) {
    Map<String, Object> t = trigger("s.a");
    t.put("labels", Map.of("team", team));
    String id = s.post(s.ws() + "/runs", t).body().get("runId").asText();
    s.advance(Duration.ofSeconds(1)); // the next run is newer
    return id;
  }

  private static String cursor(String out) {
    Matcher m = NEXT.matcher(out);
    if (!m.find()) {
      throw new AssertionError("no next cursor in: " + out);
    }
    return m.group(1);
  }

  /** The first column of each table row after the header. */
  private static List<String> ids(String out) {
    return out.lines().skip(1).takeWhile(l -> !l.startsWith("next page")).map(l -> l.split(" ")[0]).toList();
  }

  @Test
  void runsListShowsRunsNewestFirstWithTheirLabelsAndTheNextPagesCursor() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      String first = triggerLabelled(s, "a");
      String second = triggerLabelled(s, "b");
      String third = triggerLabelled(s, "a");
      CliRunner cli = new CliRunner(s);

      Result page1 = cli.run("runs", "list", "--limit", "2");
      Result page2 = cli.run("runs", "list", "--limit", "2", "--cursor", cursor(page1.out()));

      assertThat(page1.code()).isZero();
      assertThat(page1.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h.split("\\s+")).containsExactly("RUN", "STATE", "CREATED", "TASKS", "LABELS"));
      assertThat(ids(page1.out())).containsExactly(third, second);
      assertThat(page1.out()).containsPattern(third + " +RUNNING +\\S+Z +0/1 ok +team=a\n");
      assertThat(page2.out()).doesNotContain("next page");
      assertThat(ids(page2.out())).containsExactly(first);
    }
  }

  @Test
  void runsListAsJsonIsTheApisAnswer() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      triggerLabelled(s, "a");
      triggerLabelled(s, "b");
      triggerLabelled(s, "c");

      Result json = new CliRunner(s).run("runs", "list", "--limit", "2", "-o", "json");

      assertThat(json.code()).isZero();
      assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(s.get(s.ws() + "/runs?limit=2").body());
    }
  }

  @Test
  void runsListByLabelKeepsOnlyMatchingRunsAndItsCursorResumesAfterTheLastRunExamined() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      String oldest = triggerLabelled(s, "a");
      triggerLabelled(s, "b");
      String newest = triggerLabelled(s, "a");
      triggerLabelled(s, "b");
      CliRunner cli = new CliRunner(s);

      Result page1 = cli.run("runs", "list", "--label", "team=a", "--limit", "1");
      Result page2 = cli.run("runs", "list", "--label", "team=a", "--limit", "1", "--cursor", cursor(page1.out()));
      Result json = cli.run("runs", "list", "--label", "team=a", "-o", "json");
      Result none = cli.run("runs", "list", "--label", "team=z");

      assertThat(ids(page1.out())).containsExactly(newest);
      assertThat(ids(page2.out())).containsExactly(oldest);
      assertThat(page2.out()).doesNotContain("next page");
      JsonNode body = Json.MAPPER.readTree(json.out());
      assertThat(body.get("runs").findValuesAsText("runId")).containsExactly(newest, oldest);
      assertThat(body.has("nextCursor")).isFalse();
      assertThat(none.out()).isEqualTo("no runs\n");
    }
  }

  @Test
  void runsListFiltersByStateAndAnUnknownStateIsTheServersError() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a")));
      String running = triggerLabelled(s, "a");
      CliRunner cli = new CliRunner(s);

      Result listed = cli.run("runs", "list", "--state", "running");
      Result failed = cli.run("runs", "list", "--state", "FAILED");
      Result bad = cli.run("runs", "list", "--state", "SLEEPING");

      assertThat(ids(listed.out())).as(listed.out()).containsExactly(running);
      assertThat(failed.out()).isEqualTo("no runs\n");
      assertThat(bad.code()).isEqualTo(1);
      assertThat(bad.err()).isEqualTo("error: HTTP 400 BAD_REQUEST: invalid query parameter 'state'\n");
    }
  }

  @Test
  void runsGetShowsTheSummaryAndEachTaskWithItsAttemptAndWhyItFailedOrWasSkipped() throws Exception {
    try (TestServer s = TestServer.start()) {
      s.post(s.ws() + "/manifests", manifest(asset("s.a"), asset("s.b", "s.a")));
      Map<String, Object> t = trigger("s.b");
      t.put("includeUpstream", true);
      t.put("labels", Map.of("team", "growth"));
      String id = s.post(s.ws() + "/runs", t).body().get("runId").asText();
      Worker worker = new Worker(s, "w");
      JsonNode a = worker.pollOne();
      worker.started(a);
      worker.fail(a, "USER_CODE", false);
      CliRunner cli = new CliRunner(s);

      Result table = cli.run("runs", "get", id);
      Result json = cli.run("runs", "get", id, "--output", "json");

      assertThat(table.code()).isZero();
      assertThat(table.out())
          .startsWith("run:          " + id + "\nstate:        FAILED\n")
          .contains("\ntasks:        2 (1 failed, 1 skipped)\nlabels:       team=growth\n");
      assertThat(table.out()).containsPattern("\nTASK +STATE +ATTEMPT +PARTITION +COMPLETED +DETAIL\n");
      assertThat(table.out()).containsPattern("\ns\\.a +FAILED +1 +- +\\S+Z +boom\n");
      assertThat(table.out()).containsPattern("\ns\\.b +SKIPPED +0 +- +- +upstream s\\.a FAILED\n");
      assertThat(Json.MAPPER.readTree(json.out())).isEqualTo(s.get(s.ws() + "/runs/" + id).body());
    }
  }
}
