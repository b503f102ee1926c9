package io.arco.api.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.api.http.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON log line: {@code ts} (UTC, milliseconds), {@code level}, {@code logger}, then {@code
 * event} for Arco's own lines, {@code msg} (the text line's words) and structured fields. Every
 * line {@code arco serve --log-format json} prints has this shape.
 */
final class JsonLine {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private JsonLine() {}

  static String of(
      Instant ts, String level, String logger, Optional<String> event, String msg, Map<String, ?> fields) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("ts", TS.format(ts));
    o.put("level", level);
    o.put("logger", logger);
    event.ifPresent(e -> o.put("event", e));
    o.put("msg", msg);
    fields.forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a log line", e);
    }
  }
}
