package io.arco.flow.engine;

import java.util.Optional;

/** Which output of a command a live-log chunk belongs to. */
public enum LogStream {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String wire;

  LogStream(String wire) {
    this.wire = wire;
  }

  /** The name on the wire and in storage paths: {@code stdout} or {@code stderr}. */
  public String wire() {
    return wire;
  }

  /** The stream named exactly {@code name} ({@code stdout} or {@code stderr}). */
  public static Optional<LogStream> parse(String name) {
    for (LogStream s : values()) {
      if (s.wire.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
