package io.arco.api.cli;

import io.arco.flow.engine.Storage;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where a command's store is: {@code --data-dir} (embedded SQLite) or {@code --database-url}. */
final class StoreLocation {
  @Option(names = "--data-dir", defaultValue = "./.arco", description = "Data directory of the embedded SQLite store (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database-url", description = "JDBC URL of the store: jdbc:sqlite:FILE, or jdbc:postgresql://HOST:PORT/DATABASE?user=...&password=... for PostgreSQL. Overrides --data-dir.")
  Optional<String> databaseUrl;

  /** The SQLite file of {@code --data-dir}. */
  Path sqliteFile() {
    return dataDir.resolve("arco.db");
  }

  /**
   * Opens the store. The SQLite store creates its directory ({@code 0700}) and locks it for this
   * process (decisions §3).
   *
   * @throws CommandLine.ParameterException for a URL of another scheme (only the scheme is echoed:
   *     the rest of a URL may hold a password)
   */
  Storage open(CommandLine commandLine) {
    if (databaseUrl.isEmpty()) {
      return Storage.sqlite(sqliteFile());
    }
    String u = databaseUrl.get();
    if (u.startsWith("jdbc:sqlite:")) {
      return Storage.sqlite(Path.of(u.substring("jdbc:sqlite:".length())));
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return Storage.postgres(u);
    }
    String scheme = u.matches("^jdbc:[^:]*:.*") ? u.substring(0, u.indexOf(':', 5) + 1) : "";
    throw new CommandLine.ParameterException(
        commandLine,
        "--database-url: unsupported URL"
            + (scheme.isEmpty() ? "" : " scheme " + scheme)
            + "; use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE?user=...&password=...");
  }
}
