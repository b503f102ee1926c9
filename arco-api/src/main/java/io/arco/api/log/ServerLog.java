package io.arco.api.log;

import io.arco.api.http.RequestRecord;
import io.arco.flow.engine.Transition;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lines {@code arco serve} itself prints: start-up and shutdown, run and task transitions,
 * the access log and the example run on standard output; errors on the error stream. In the
 * {@linkplain LogFormat#TEXT text} format each is the plain line of decisions §5 (unchanged:
 * {@code listening on http://HOST:PORT}, {@code run … task …: A -> B}); in the {@linkplain
 * LogFormat#JSON json} format each is one {@link JsonLine} whose {@code msg} is that plain line
 * (an error's without its {@code error: } prefix) and whose fields carry the details.
 */
public final class ServerLog {
  private final LogFormat format;
  private final PrintWriter out;
  private final PrintWriter err;
  private final InstantSource clock;

  /** Lines to {@code out}, errors to {@code err}, {@code ts} read from the wall clock. */
  public ServerLog(LogFormat format, PrintWriter out, PrintWriter err) {
    this(format, out, err, InstantSource.system());
  }

  ServerLog(LogFormat format, PrintWriter out, PrintWriter err, InstantSource clock) {
    this.format = format;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public LogFormat format() {
    return format;
  }

  /** An informational line of {@code logger} about {@code event}. */
  public void info(String logger, String event, String text, Map<String, ?> fields) {
    write(out, "INFO", logger, event, text, text, fields);
  }

  /** An error line: {@code error: MESSAGE} in text. */
  public void error(String logger, String event, String message) {
    write(err, "ERROR", logger, event, "error: " + message, message, Map.of());
  }

  /** A run or task transition ({@link Transition#line()} in text). */
  public void transition(Transition t) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("tenant", t.scope().tenant());
    f.put("workspace", t.scope().workspace());
    f.put("runId", t.runId());
    t.taskKey().ifPresent(k -> f.put("taskKey", k));
    f.put("from", t.from());
    f.put("state", t.to());
    if (t.attempt() > 0) {
      f.put("attempt", t.attempt());
    }
    t.workerId().ifPresent(w -> f.put("workerId", w));
    t.error().ifPresent(e -> f.put("error", e));
    t.retryAt().ifPresent(r -> f.put("retryAt", r.toString()));
    info("arco.transitions", t.taskKey().isPresent() ? "task_transition" : "run_transition", t.line(), f);
  }

  /**
   * One access-log line: {@code http METHOD PATH STATUS DURATIONms request=ID} in text; in JSON
   * also the route template.
   */
  public void request(RequestRecord r) {
    String ms = String.format(java.util.Locale.ROOT, "%.3f", r.durationMillis());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("method", r.method());
    f.put("route", r.route());
    f.put("path", r.path());
    f.put("status", r.status());
    f.put("durationMs", Double.parseDouble(ms));
    f.put("requestId", r.requestId());
    info(
        "arco.access",
        "http_request",
        "http " + r.method() + " " + r.path() + " " + r.status() + " " + ms + "ms request=" + r.requestId(),
        f);
  }

  private void write(
      PrintWriter to, String level, String logger, String event, String text, String msg, Map<String, ?> fields) {
    String line =
        format == LogFormat.JSON
            ? JsonLine.of(clock.instant(), level, logger, Optional.of(event), msg, fields)
            : text;
    synchronized (to) {
      to.println(line);
      to.flush();
    }
  }
}
