package io.arco.api.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.api.cli.client.WatchOptions.Progress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The progress display: flag, else ARCO_PROGRESS, else tty on a terminal and plain otherwise. */
class WatchOptionsTest {
  private static WatchOptions options(String... args) {
    return CommandLine.populateCommand(new WatchOptions(), args);
  }

  @Test
  void autoIsTtyOnATerminalAndPlainOtherwise() {
    assertThat(options().resolve(Map.<String, String>of()::get, true)).isEqualTo(Progress.tty);
    assertThat(options().resolve(Map.<String, String>of()::get, false)).isEqualTo(Progress.plain);
    assertThat(options("--progress", "auto").resolve(Map.<String, String>of()::get, false)).isEqualTo(Progress.plain);
  }

  @Test
  void theFlagWinsOverTheEnvironmentWhichWinsOverDetection() {
    Map<String, String> env = Map.of("ARCO_PROGRESS", "none");

    assertThat(options().resolve(env::get, true)).isEqualTo(Progress.none);
    assertThat(options("--progress", "tty").resolve(env::get, false)).isEqualTo(Progress.tty);
    assertThat(options().resolve(Map.of("ARCO_PROGRESS", " PLAIN ")::get, true)).isEqualTo(Progress.plain);
  }

  @Test
  void anUnknownEnvironmentValueIsAnError() {
    assertThatThrownBy(() -> options().resolve(Map.of("ARCO_PROGRESS", "fancy")::get, true))
        .isInstanceOf(ClientException.class)
        .hasMessage("ARCO_PROGRESS must be auto, tty, plain or none, not 'fancy'");
  }

  @Test
  void theReconnectWindowDefaultsToThirtySeconds() {
    assertThat(options().reconnectForSeconds).isEqualTo(30);
    assertThat(options("--reconnect-for", "5").reconnectForSeconds).isEqualTo(5);
  }
}
