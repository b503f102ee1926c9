package io.arco.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void devModeRefusesANonLoopbackAddressUnlessForced() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--host", "0.0.0.0", "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void anUnknownClockIsRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--clock", "sundial", "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void bothJwtModesAtOnceAreRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute(
                        "--jwt-hs256-secret", "s3cret",
                        "--jwt-rs256-public-key", dir.resolve("key.pem").toString(),
                        "--port", "0", "--data-dir", dir.toString()));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void aDatabaseUrlOfAnUnsupportedKindIsRefused() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute("--port", "0", "--database-url", "jdbc:mysql://localhost/arco"));
    assertThat(code).isEqualTo(2);
  }

  @Test
  void anUnreachablePostgresDatabaseIsAnErrorBeforeAnythingStarts() {
    int code =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                new CommandLine(new ServeCommand())
                    .execute(
                        "--port", "0",
                        "--database-url", "jdbc:postgresql://127.0.0.1:1/arco?user=u&password=p"));
    assertThat(code).isEqualTo(1);
  }
}
