package io.arco.api.log;

import java.util.Locale;
import java.util.Optional;

/**
 * How {@code arco serve} writes its log lines ({@code --log-format}): {@code text}, the plain
 * lines of decisions §5, or {@code json}, one JSON object per line.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The format named {@code name} ({@code text} or {@code json}, any case). */
  public static Optional<LogFormat> parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }
}
