package io.arco.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The options of a benchmark main that starts {@code arco serve} in a temporary directory: how the
 * server is started ({@code --server-jar}, {@code --server-jvm-arg}) and whether the directory is
 * kept ({@code --keep}). A picocli mixin.
 */
final class ServerOptions {
  @Option(
      names = "--server-jar",
      description = "Run the server with java -jar on this jar (e.g. arco-api/target/arco.jar) instead of this class path.")
  Optional<Path> serverJar;

  @Option(names = "--server-jvm-arg", description = "Extra option of the server's JVM (repeatable), e.g. -Xmx2g.")
  List<String> serverJvmArgs = new ArrayList<>();

  @Option(names = "--keep", description = "Keep the temporary directories (store, server.log).")
  boolean keep;

  /** Starts {@code arco serve} with its store and log in {@code dir}. */
  ArcoServerProcess start(Path dir) throws IOException, InterruptedException {
    return ArcoServerProcess.start(dir, serverJar, serverJvmArgs, Duration.ofMinutes(2));
  }

  /**
   * Starts {@code arco serve} on {@code port} with {@code serveArgs} added to its command line, its
   * log in {@code dir} (which must be fresh).
   */
  ArcoServerProcess start(Path dir, int port, List<String> serveArgs) throws IOException, InterruptedException {
    return ArcoServerProcess.start(dir, serverJar, serverJvmArgs, Duration.ofMinutes(2), port, serveArgs);
  }

  /** Deletes {@code dir} and everything in it, unless {@code --keep}. */
  void cleanUp(Path dir) throws IOException {
    if (keep) {
      Progress.log("kept " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
