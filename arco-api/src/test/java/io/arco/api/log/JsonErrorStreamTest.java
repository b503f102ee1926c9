package io.arco.api.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.api.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard error in the json log format: each flushed record becomes one JSON object per line. */
class JsonErrorStreamTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = JsonErrorStream.over(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private List<JsonNode> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().map(JsonErrorStreamTest::parse).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }

  @Test
  void anSlf4jRecordWithItsStackTraceIsOneObject() {
    // As slf4j-simple writes a record (simplelogger.properties): its line, the stack trace, a flush.
    err.println("2026-12-07T10:00:00.000+0000 [arco-writer-t1/w1] ERROR io.arco.flow.engine.WorkspaceEngine - t1/w1: writer loop failure");
    new IllegalStateException("boom").printStackTrace(err);
    err.flush();

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(line.get("level").asText()).isEqualTo("ERROR");
    assertThat(line.get("logger").asText()).isEqualTo("io.arco.flow.engine.WorkspaceEngine");
    assertThat(line.get("thread").asText()).isEqualTo("arco-writer-t1/w1");
    assertThat(line.get("msg").asText()).isEqualTo("t1/w1: writer loop failure");
    assertThat(line.get("stack").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat io.arco.api.log.JsonErrorStreamTest.");
  }

  @Test
  void recordsFlushedTogetherStaySeparateAndAStrayLineIsAWarning() {
    err.println("a stray line from something that is not a logger");
    err.println("2026-12-07T10:00:00.000+0000 [main] INFO io.arco.flow.engine.Engine - engine closed");
    err.println("2026-12-07T10:00:00.001+0000 [] WARN io.arco.api.ArcoServer - requests cut off");
    err.flush();

    List<JsonNode> lines = lines();
    assertThat(lines).extracting(l -> l.get("level").asText()).containsExactly("WARN", "INFO", "WARN");
    assertThat(lines).extracting(l -> l.get("logger").asText())
        .containsExactly("stderr", "io.arco.flow.engine.Engine", "io.arco.api.ArcoServer");
    assertThat(lines).extracting(l -> l.get("msg").asText())
        .containsExactly("a stray line from something that is not a logger", "engine closed", "requests cut off");
    assertThat(lines.get(2).get("thread").asText()).isEmpty();
  }

  @Test
  void nothingIsWrittenBeforeTheRecordIsFlushed() {
    err.print("2026-12-07T10:00:00.000+0000 [main] INFO x - half");
    assertThat(bytes.size()).isZero();
    err.flush();
    assertThat(lines()).hasSize(1);
  }
}
