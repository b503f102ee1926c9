package io.arco.api.cli.automation;

import static io.arco.api.testing.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code arco schedules ...} against a real server on the manual clock. */
class ScheduleCliTest {
  // TestServer's manual clock starts at 2026-01-01T00:00:00Z.
  private final TestServer server = TestServer.start();
  private final ArcoCli arco = new ArcoCli(server);

  @BeforeEach
  void deploy() {
    Map<String, Object> m = manifest(asset("sales.raw"));
    m.put("schedules", List.of(Map.of("id", "hourly", "cron", "0 * * * *", "assets", List.of("sales.raw"))));
    assertThat(server.post(server.ws() + "/manifests", m).status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void schedulesAreListedShownDisabledAndEnabledAndTheirTicksPaged() {
    ArcoCli.Result list = arco.run("schedules", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.row("hourly")).containsExactly("hourly", "0 * * * *", "UTC", "true", "sales.raw", "-");

    server.advance(Duration.ofHours(2));
    ArcoCli.Result first = arco.run("schedules", "ticks", "hourly", "--limit", "1");
    assertThat(first.row("hourly:1767232800"))
        .containsExactly("hourly:1767232800", "2026-01-01T02:00:00Z", "TRIGGERED", "-", "sched:hourly:1767232800",
            server.get(server.ws() + "/schedules/hourly/ticks").body().get("ticks").get(0).get("runId").asText());
    String next = first.lines().get(2);
    assertThat(next).startsWith("next cursor: ");
    ArcoCli.Result second = arco.run("schedules", "ticks", "hourly", "--limit", "1", "--cursor", next.substring(13));
    assertThat(second.row("hourly:1767229200"))
        .containsExactly("hourly:1767229200", "2026-01-01T01:00:00Z", "SKIPPED", "catchup_limit", "-", "-");

    ArcoCli.Result disabled = arco.run("schedules", "disable", "hourly");
    assertThat(disabled.row("hourly")).containsSubsequence("hourly", "false");
    server.advance(Duration.ofHours(1));
    assertThat(arco.run("schedules", "ticks", "hourly", "--status", "skipped").row("hourly:1767236400"))
        .containsExactly("hourly:1767236400", "2026-01-01T03:00:00Z", "SKIPPED", "paused", "-", "-");
    assertThat(arco.run("schedules", "enable", "hourly").row("hourly")).containsSubsequence("hourly", "true");
    server.advance(Duration.ofHours(1));
    assertThat(arco.run("schedules", "ticks", "hourly", "--limit", "1").row("hourly:1767240000")).contains("TRIGGERED");

    ArcoCli.Result get = arco.run("schedules", "get", "hourly");
    assertThat(get.detail("enabled")).isEqualTo("true");
    assertThat(get.detail("last scheduled for")).isEqualTo("2026-01-01T04:00:00Z");
    assertThat(get.detail("last run key")).isEqualTo("sched:hourly:1767240000");
  }

  @Test
  void jsonOutputIsTheApisJsonAndAnUnknownScheduleIsA404() {
    assertThat(arco.run("schedules", "list", "-o", "json").json()).isEqualTo(server.get(server.ws() + "/schedules").body());
    assertThat(arco.run("schedules", "get", "hourly", "-o", "json").json())
        .isEqualTo(server.get(server.ws() + "/schedules/hourly").body());
    assertThat(arco.run("schedules", "disable", "hourly", "-o", "json").json().get("enabled").asBoolean()).isFalse();
    assertThat(arco.run("schedules", "ticks", "hourly", "-o", "json").json().get("ticks")).isEmpty();

    ArcoCli.Result unknown = arco.run("schedules", "enable", "nightly");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("error: HTTP 404 NOT_FOUND: schedule not found: nightly" + System.lineSeparator());
  }
}
