package io.arco.api.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standard error in the {@linkplain LogFormat#JSON json} log format: whatever the SLF4J binding
 * (slf4j-simple, the only one) or anything else writes to {@code System.err} comes out as {@link
 * JsonLine}s. slf4j-simple writes a record (its line, then any stack trace) and flushes, so a flush
 * ends a record. A line in slf4j-simple's format ({@code simplelogger.properties}: {@code DATE
 * [THREAD] LEVEL LOGGER - MESSAGE}) starts a record and gives its level, logger, thread and
 * message; the lines after it up to the next such line (a stack trace) become its {@code stack}.
 * A line in no such format is a {@code WARN} of logger {@code stderr}.
 */
public final class JsonErrorStream extends OutputStream {
  private static final Pattern SLF4J =
      Pattern.compile("^\\S+ \\[([^\\]]*)\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");
  /** Text held without a flush beyond this is written out all the same. */
  private static final int MAX_HELD = 64 * 1024;

  private final PrintStream target;
  private final InstantSource clock;
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();

  JsonErrorStream(PrintStream target, InstantSource clock) {
    this.target = target;
    this.clock = clock;
  }

  /** A print stream writing JSON lines to {@code target}, to become {@code System.err}. */
  public static PrintStream over(PrintStream target) {
    return new PrintStream(new JsonErrorStream(target, InstantSource.system()), false, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    held.write(b);
    if (held.size() > MAX_HELD) {
      flush();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    held.write(b, off, len);
    if (held.size() > MAX_HELD) {
      flush();
    }
  }

  @Override
  public synchronized void flush() {
    if (held.size() == 0) {
      return;
    }
    String text = held.toString(StandardCharsets.UTF_8);
    held.reset();
    for (String line : records(text)) {
      target.println(line);
    }
    target.flush();
  }

  @Override
  public void close() {
    flush();
  }

  private List<String> records(String text) {
    List<String> out = new ArrayList<>();
    Optional<Matcher> head = Optional.empty();
    List<String> stack = new ArrayList<>();
    for (String line : text.split("\\R")) {
      Matcher m = SLF4J.matcher(line);
      if (m.matches()) {
        head.ifPresent(h -> out.add(record(h, stack)));
        head = Optional.of(m);
        stack.clear();
      } else if (head.isPresent()) {
        stack.add(line);
      } else if (!line.isEmpty()) {
        out.add(JsonLine.of(clock.instant(), "WARN", "stderr", Optional.empty(), line, Map.of()));
      }
    }
    head.ifPresent(h -> out.add(record(h, stack)));
    return out;
  }

  private String record(Matcher m, List<String> stack) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("thread", m.group(1));
    List<String> lines = stack.stream().filter(l -> !l.isEmpty()).toList();
    if (!lines.isEmpty()) {
      fields.put("stack", String.join("\n", lines));
    }
    return JsonLine.of(clock.instant(), m.group(2), m.group(3), Optional.empty(), m.group(4), fields);
  }
}
