package io.arco.flow.store.codec;

import static io.arco.flow.store.codec.SampleEvents.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.event.DispatchRequested;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.EventTypes;
import io.arco.flow.event.PlanCreated;
import io.arco.flow.event.RunTriggered;
import io.arco.flow.event.TaskCompletionRecorded;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.event.TimerFired;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.model.ErrorCategory;
import io.arco.flow.model.OutputVisibilityState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.model.TimerType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  static Stream<Event> fullEvents() {
    return SampleEvents.full().stream();
  }

  static Stream<Event> minimalEvents() {
    return SampleEvents.minimal().stream();
  }

  static Stream<Event> allEvents() {
    return Stream.concat(fullEvents(), minimalEvents());
  }

  @Test
  void samplesCoverEveryEventType() {
    Set<Class<?>> expected = new HashSet<>(List.of(Event.class.getPermittedSubclasses()));
    assertThat(SampleEvents.full().stream().map(Object::getClass).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(SampleEvents.minimal().stream().map(Object::getClass).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest
  @MethodSource("fullEvents")
  void fullyPopulatedEventRoundTrips(Event data) {
    EventEnvelope e = envelope("01JH0000000000000000000001", data);
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  /**
   * The bytes a JSON tree of the envelope gives when written sorted: how events were encoded
   * before they were written straight from the records. Stored logs hold these bytes.
   */
  private static byte[] treeEncoding(EventEnvelope e) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper m = CodecMapper.mapper();
    com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
    root.put("event_id", e.eventId());
    root.put("event_type", e.eventType());
    root.put("event_version", e.eventVersion());
    root.put("timestamp", InstantJson.format(e.timestamp()));
    root.put("source", e.source());
    root.put("tenant_id", e.tenantId());
    root.put("workspace_id", e.workspaceId());
    root.put("idempotency_key", e.idempotencyKey());
    e.correlationId().ifPresent(c -> root.put("correlation_id", c));
    e.causationId().ifPresent(c -> root.put("causation_id", c));
    com.fasterxml.jackson.databind.node.ObjectNode data;
    if (e.data() instanceof UnknownEvent u) {
      data = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(u.rawJson());
      data.put("type", u.type());
    } else {
      data = m.valueToTree(e.data());
      String tag =
          io.arco.flow.event.EventTypes.ALL.stream()
              .filter(n -> n.type() == e.data().getClass())
              .findFirst()
              .orElseThrow()
              .tag();
      data.put("type", tag);
    }
    root.set("data", data);
    return m.writeValueAsBytes(root);
  }

  @ParameterizedTest
  @MethodSource("allEvents")
  void eventsAreWrittenStraightFromTheRecordWithTheBytesOfTheSortedTree(Event data) throws Exception {
    EventEnvelope plain = envelope("01JH0000000000000000000003", data);
    EventEnvelope caused =
        new EventEnvelope(
            plain.eventId(), plain.eventType(), plain.eventVersion(), plain.timestamp(), plain.source(),
            plain.tenantId(), plain.workspaceId(), plain.idempotencyKey(), Optional.of("corr"),
            Optional.of("cause"), plain.data());
    for (EventEnvelope e : List.of(plain, caused)) {
      assertThat(new String(EventCodec.encode(e), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(treeEncoding(e), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @MethodSource("minimalEvents")
  void minimalEventRoundTrips(Event data) {
    EventEnvelope e = envelope("01JH0000000000000000000002", data);
    assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void envelopeWithCausationAndWithoutCorrelationRoundTrips() {
    EventEnvelope e =
        new EventEnvelope(
            "e1",
            "TimerFired",
            1,
            SampleEvents.T2,
            "arco-flow/t1/w1",
            "t1",
            "w1",
            "custom:key",
            Optional.empty(),
            Optional.of("e0"),
            new TimerFired("timer:cron:s:1", TimerType.CRON, null, null, null));
    byte[] bytes = EventCodec.encode(e);
    assertThat(EventCodec.decode(bytes)).isEqualTo(e);
    JsonNode tree = JsonOrder.tree(bytes);
    assertThat(tree.has("correlation_id")).isFalse();
    assertThat(tree.get("causation_id").textValue()).isEqualTo("e0");
  }

  @Test
  void everyTickStatusAndSourceRefVariantRoundTrips() {
    java.time.Instant t = java.time.Instant.parse("2025-01-15T10:00:00Z");
    for (io.arco.flow.event.TickStatus status :
        List.of(
            new io.arco.flow.event.TickStatus.Triggered(),
            new io.arco.flow.event.TickStatus.Skipped("catchup_limit"),
            new io.arco.flow.event.TickStatus.Failed("bad cron"))) {
      Event e =
          new io.arco.flow.event.ScheduleTicked(
              "s", t, "s:1", "v", List.of("a.b"), java.util.Optional.empty(), status,
              java.util.Optional.empty(), java.util.Optional.empty());
      assertThat(EventCodec.decode(EventCodec.encode(envelope("e1", e))).data()).isEqualTo(e);
    }
    for (io.arco.flow.event.SourceRef source :
        List.<io.arco.flow.event.SourceRef>of(
            new io.arco.flow.event.SourceRef.Schedule("s", "s:1"),
            new io.arco.flow.event.SourceRef.Sensor("x", "eval_x_1"),
            new io.arco.flow.event.SourceRef.Backfill("b", "b:0"),
            new io.arco.flow.event.SourceRef.Manual("u", "r"))) {
      Event e =
          new io.arco.flow.event.RunRequested(
              "k", "f", List.of("a.b"), java.util.Optional.empty(), source, java.util.Map.of(),
              java.util.Optional.empty());
      byte[] bytes = EventCodec.encode(envelope("e1", e));
      assertThat(EventCodec.decode(bytes).data()).isEqualTo(e);
      assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"type\":\"" + source.kind() + "\"");
    }
  }

  @ParameterizedTest
  @MethodSource("allEvents")
  void encodingIsDeterministicAndCanonical(Event data) {
    EventEnvelope e = envelope("e1", data);
    byte[] first = EventCodec.encode(e);
    assertThat(EventCodec.encode(envelope("e1", data))).isEqualTo(first);
    assertThat(EventCodec.encode(EventCodec.decode(first))).isEqualTo(first);
    JsonOrder.assertSortedAtEveryLevel(first);
    String text = new String(first, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("null").doesNotContain("\n  ").doesNotContain(": ");
  }

  @Test
  void mapEntriesAreSortedWhateverTheInsertionOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("zeta", "1");
    labels.put("alpha", "2");
    labels.put("mid", "3");
    RunTriggered r =
        new RunTriggered(
            "r", "p", new TriggerInfo.Manual("u"), List.of(), null, labels, null, null, null, null);
    String json = EventCodec.encodeToString(envelope("e1", r));
    assertThat(json).contains("\"labels\":{\"alpha\":\"2\",\"mid\":\"3\",\"zeta\":\"1\"}");
  }

  @Test
  void taskStartedMatchesTheSpecExampleBytes() {
    EventEnvelope e =
        EventEnvelope.of(
            "01JH000000000000000000000X",
            Instant.parse("2025-01-15T10:00:00.120Z"),
            new Scope("t1", "w1"),
            new TaskStarted("run_x", "extract", 1, "att_x", "w-1"));
    assertThat(EventCodec.encodeToString(e))
        .isEqualTo(
            "{\"correlation_id\":\"run_x\",\"data\":{\"attempt\":1,\"attempt_id\":\"att_x\","
                + "\"run_id\":\"run_x\",\"task_key\":\"extract\",\"type\":\"task_started\","
                + "\"worker_id\":\"w-1\"},\"event_id\":\"01JH000000000000000000000X\","
                + "\"event_type\":\"TaskStarted\",\"event_version\":1,"
                + "\"idempotency_key\":\"started:run_x:extract:1\",\"source\":\"arco-flow/t1/w1\","
                + "\"tenant_id\":\"t1\",\"timestamp\":\"2025-01-15T10:00:00.120Z\","
                + "\"workspace_id\":\"w1\"}");
  }

  @Test
  void payloadTypeTagIsTheSnakeCaseNameFromEventTypes() {
    for (Event data : SampleEvents.full()) {
      if (data instanceof UnknownEvent) {
        continue;
      }
      JsonNode tree = JsonOrder.tree(EventCodec.encode(envelope("e1", data)));
      String tag =
          EventTypes.ALL.stream()
              .filter(n -> n.type() == data.getClass())
              .findFirst()
              .orElseThrow()
              .tag();
      assertThat(tree.get("data").get("type").textValue()).isEqualTo(tag);
      assertThat(tree.get("event_type").textValue()).isEqualTo(EventTypes.typeName(data));
    }
  }

  @Test
  void nestedTaskDefAndTriggerAreSnakeCaseAndTagged() {
    JsonNode run = JsonOrder.tree(EventCodec.encode(envelope("e1", SampleEvents.full().get(0))));
    assertThat(run.get("data").get("trigger").toString())
        .isEqualTo("{\"cursor\":\"cursor-9\",\"sensor_id\":\"sensor_1\",\"type\":\"sensor\"}");
    assertThat(run.get("data").get("root_assets").toString())
        .isEqualTo("[\"analytics.b\",\"analytics.a\"]");
    JsonNode plan = JsonOrder.tree(EventCodec.encode(envelope("e1", SampleEvents.full().get(1))));
    assertThat(plan.get("data").get("tasks").get(0).toString())
        .isEqualTo(
            "{\"asset_key\":\"analytics.b\",\"depends_on\":[\"analytics.a\"],"
                + "\"heartbeat_timeout_sec\":60,\"key\":\"analytics.b\",\"max_attempts\":5,"
                + "\"partition_key\":\"2025-01-15\",\"requires_visible_output\":true,"
                + "\"retry_backoff_sec\":10,\"retry_max_backoff_sec\":100,\"worker_queue\":\"gpu\"}");
  }

  @Test
  void everyTriggerKindHasItsWireTag() {
    Map<TriggerInfo, String> expected =
        Map.of(
            new TriggerInfo.Manual("u"), "{\"type\":\"manual\",\"user_id\":\"u\"}",
            new TriggerInfo.Cron("s"), "{\"schedule_id\":\"s\",\"type\":\"cron\"}",
            new TriggerInfo.Sensor("s", "c"),
                "{\"cursor\":\"c\",\"sensor_id\":\"s\",\"type\":\"sensor\"}",
            new TriggerInfo.Materialization("m"),
                "{\"type\":\"materialization\",\"upstream_materialization_id\":\"m\"}",
            new TriggerInfo.Webhook("h"), "{\"type\":\"webhook\",\"webhook_id\":\"h\"}");
    expected.forEach(
        (trigger, json) -> {
          RunTriggered r =
              new RunTriggered("r", "p", trigger, List.of(), null, null, null, null, null, null);
          EventEnvelope e = envelope("e1", r);
          byte[] bytes = EventCodec.encode(e);
          assertThat(JsonOrder.tree(bytes).get("data").get("trigger").toString()).isEqualTo(json);
          assertThat(EventCodec.decode(bytes)).isEqualTo(e);
        });
  }

  @Test
  void workerContractBlocksAreCamelCase() {
    Event completion = SampleEvents.full().get(6);
    assertThat(completion).isInstanceOf(TaskCompletionRecorded.class);
    JsonNode data = JsonOrder.tree(EventCodec.encode(envelope("e1", completion))).get("data");
    assertThat(data.get("output").toString())
        .isEqualTo(
            "{\"byteSize\":9007199254740993,\"deltaPartition\":\"date=2025-01-15\","
                + "\"deltaTable\":\"analytics.x\",\"deltaVersion\":-7,"
                + "\"materializationId\":\"mat-1\",\"outputPath\":\"s3://bucket/x\","
                + "\"outputVisibilityState\":\"VISIBLE\",\"publishError\":\"none\","
                + "\"publishedAt\":\"2025-01-15T10:00:00.123456789Z\",\"rowCount\":1000}");
    assertThat(data.get("error").toString())
        .isEqualTo(
            "{\"category\":\"USER_CODE\",\"message\":\"boom \\\"quoted\\\" ünïcode\\n\","
                + "\"retryable\":true,\"stackTrace\":\"at x\"}");
    assertThat(data.get("metrics").toString())
        .isEqualTo("{\"cpuTimeMs\":1,\"ioReadBytes\":3,\"ioWriteBytes\":4,\"peakMemoryBytes\":2}");
    assertThat(data.get("output_visibility").toString())
        .isEqualTo(
            "{\"publish_error\":\"later\",\"published_at\":\"2025-01-15T10:00:00.120Z\","
                + "\"visibility_state\":\"PENDING\"}");
    List<String> names = new java.util.ArrayList<>();
    data.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "asset_key",
            "attempt",
            "attempt_id",
            "cancelled_during_phase",
            "code_version",
            "error",
            "error_message",
            "failed_at",
            "materialization_id",
            "metrics",
            "outcome",
            "output",
            "output_visibility",
            "partial_progress_json",
            "partition_key",
            "run_id",
            "task_key",
            "type",
            "worker_id");
    assertThat(data.get("materialization_id").textValue()).isEqualTo("mat-2");
    assertThat(data.get("failed_at").textValue()).isEqualTo("2025-01-15T10:00:00Z");
    assertThat(data.get("outcome").textValue()).isEqualTo("SUCCEEDED");
  }

  @Test
  void emptyOptionalsAndEmptyMapsAreOmittedAndListsKept() {
    JsonNode data =
        JsonOrder.tree(EventCodec.encode(envelope("e1", SampleEvents.minimal().get(0))))
            .get("data");
    List<String> names = new java.util.ArrayList<>();
    data.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("plan_id", "root_assets", "run_id", "trigger", "type");
    JsonNode completion =
        JsonOrder.tree(EventCodec.encode(envelope("e1", SampleEvents.minimal().get(6))))
            .get("data");
    assertThat(completion.get("output").toString()).isEqualTo("{}");
    assertThat(completion.get("metrics").toString()).isEqualTo("{}");
    assertThat(completion.get("error").toString())
        .isEqualTo("{\"category\":\"TIMEOUT\",\"message\":\"\"}");
  }

  @Test
  void instantsAreWrittenAsInstantToString() {
    for (Instant t : List.of(SampleEvents.T0, SampleEvents.T1, SampleEvents.T2)) {
      EventEnvelope e = EventEnvelope.of("e1", t, SampleEvents.SCOPE, SampleEvents.full().get(3));
      assertThat(JsonOrder.tree(EventCodec.encode(e)).get("timestamp").textValue())
          .isEqualTo(t.toString());
    }
    assertThat(SampleEvents.T0.toString()).isEqualTo("2025-01-15T10:00:00Z");
    assertThat(SampleEvents.T2.toString()).isEqualTo("2025-01-15T10:00:00.123456789Z");
  }

  @Test
  void timestampsAreReadFromAnyRfc3339Offset() {
    String json =
        envelopeJson(
            "2025-01-15t11:30:00.5+01:30",
            "{\"type\":\"timer_requested\",\"timer_id\":\"t\",\"timer_type\":\"CRON\","
                + "\"fire_at\":\"2025-01-15T05:00:00-05:00\"}");
    EventEnvelope e = EventCodec.decode(json);
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-01-15T10:00:00.500Z"));
    assertThat(((io.arco.flow.event.TimerRequested) e.data()).fireAt()).isEqualTo(SampleEvents.T0);
  }

  @Test
  void unknownPayloadTypeDecodesToUnknownEventKeepingEnvelopeStrings() {
    String json =
        "{\"data\":{\"type\":\"future_event\",\"tick_id\":\"s1:1\",\"n\":3,\"nested\":{\"b\":1,\"a\":[1,2]}},"
            + "\"event_id\":\"e9\",\"event_type\":\"ScheduleTicked\",\"event_version\":2,"
            + "\"idempotency_key\":\"sched_tick:s1:1\",\"source\":\"arco-flow/t1/w1\",\"tenant_id\":\"t1\","
            + "\"timestamp\":\"2025-01-15T10:00:00Z\",\"workspace_id\":\"w1\"}";
    EventEnvelope e = EventCodec.decode(json);
    assertThat(e.data())
        .isEqualTo(
            new UnknownEvent(
                "future_event",
                "{\"n\":3,\"nested\":{\"a\":[1,2],\"b\":1},\"tick_id\":\"s1:1\",\"type\":\"future_event\"}"));
    assertThat(e.eventType()).isEqualTo("ScheduleTicked");
    assertThat(e.idempotencyKey()).isEqualTo("sched_tick:s1:1");
    assertThat(e.eventVersion()).isEqualTo(2);
    assertThat(e.correlationId()).isEmpty();
    EventEnvelope again = EventCodec.decode(EventCodec.encode(e));
    assertThat(again).isEqualTo(e);
  }

  @Test
  void payloadWithoutTypeDecodesToUnknownEvent() {
    EventEnvelope e = EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", "{\"run_id\":\"r\"}"));
    assertThat(e.data()).isEqualTo(new UnknownEvent("", "{\"run_id\":\"r\"}"));
  }

  @Test
  void referenceLowercaseEnumSpellingsAreAccepted() {
    String completion =
        "{\"type\":\"task_completion_recorded\",\"run_id\":\"r\",\"task_key\":\"a\",\"attempt\":1,"
            + "\"attempt_id\":\"att\",\"worker_id\":\"w\",\"outcome\":\"succeeded\","
            + "\"error\":{\"category\":\"user_code\",\"message\":\"m\"},"
            + "\"output\":{\"outputVisibilityState\":\"visible\"},"
            + "\"output_visibility\":{\"visibility_state\":\"visible\"}}";
    TaskCompletionRecorded c =
        (TaskCompletionRecorded)
            EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", completion)).data();
    assertThat(c.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
    assertThat(c.error().orElseThrow().category()).isEqualTo(ErrorCategory.USER_CODE);
    assertThat(c.output().orElseThrow().outputVisibilityState())
        .contains(OutputVisibilityState.VISIBLE);
    assertThat(c.outputVisibility().orElseThrow().visibilityState())
        .isEqualTo(OutputVisibilityState.VISIBLE);

    String fired =
        "{\"type\":\"timer_fired\",\"timer_id\":\"t\",\"timer_type\":\"heartbeat_check\"}";
    TimerFired f =
        (TimerFired) EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", fired)).data();
    assertThat(f.timerType()).isEqualTo(TimerType.HEARTBEAT_CHECK);
    assertThat(EventCodec.encodeToString(envelope("e1", f)))
        .contains("\"timer_type\":\"HEARTBEAT_CHECK\"");
  }

  @Test
  void missingOrNullOptionalsListsAndMapsDecodeToEmpty() {
    String run =
        "{\"type\":\"run_triggered\",\"run_id\":\"r\",\"plan_id\":\"p\","
            + "\"trigger\":{\"type\":\"manual\",\"user_id\":\"api\"},"
            + "\"run_key\":null,\"labels\":null,\"code_version\":null}";
    RunTriggered r =
        (RunTriggered) EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", run)).data();
    assertThat(r.rootAssets()).isEmpty();
    assertThat(r.labels()).isEmpty();
    assertThat(r.runKey()).isEmpty();
    assertThat(r.codeVersion()).isEmpty();
    assertThat(r.manifestId()).isEmpty();

    String plan =
        "{\"type\":\"plan_created\",\"run_id\":\"r\",\"plan_id\":\"p\",\"tasks\":[{\"key\":\"a\"}]}";
    PlanCreated p =
        (PlanCreated) EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", plan)).data();
    TaskDef t = p.tasks().get(0);
    assertThat(t.dependsOn()).isEmpty();
    assertThat(t.assetKey()).isEmpty();
    assertThat(t.maxAttempts()).isEqualTo(TaskDef.DEFAULT_MAX_ATTEMPTS);
    assertThat(t.heartbeatTimeoutSec()).isEqualTo(TaskDef.DEFAULT_HEARTBEAT_TIMEOUT_SEC);
    assertThat(t.requiresVisibleOutput()).isFalse();
    assertThat(t.workerQueue()).isEmpty();
  }

  @Test
  void dispatchWithoutQueueReadsAsTheDefaultQueue() {
    String dispatch =
        "{\"type\":\"dispatch_requested\",\"run_id\":\"r\",\"task_key\":\"a\",\"attempt\":1,"
            + "\"attempt_id\":\"att\",\"dispatch_id\":\"dispatch:r:a:1\"}";
    DispatchRequested d =
        (DispatchRequested)
            EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", dispatch)).data();
    assertThat(d.workerQueue()).isEqualTo(TaskDef.DEFAULT_QUEUE);
  }

  @Test
  void floatingPointWhereAnIntegerBelongsIsRejected() {
    String started =
        "{\"type\":\"task_started\",\"run_id\":\"r\",\"task_key\":\"a\",\"attempt\":1.5,"
            + "\"attempt_id\":\"att\",\"worker_id\":\"w\"}";
    assertThatThrownBy(() -> EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", started)))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void malformedInputIsACodecException() {
    assertThatThrownBy(() -> EventCodec.decode("{not json")).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> EventCodec.decode("[]")).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> EventCodec.decode("{\"event_id\":\"e\"}"))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(
            () -> EventCodec.decode(envelopeJson("yesterday", "{\"type\":\"task_started\"}")))
        .isInstanceOf(CodecException.class);
    String missingRequired = "{\"type\":\"task_started\",\"run_id\":\"r\"}";
    assertThatThrownBy(
            () -> EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", missingRequired)))
        .isInstanceOf(CodecException.class);
    String duplicate =
        "{\"type\":\"plan_created\",\"run_id\":\"r\",\"run_id\":\"s\",\"plan_id\":\"p\"}";
    assertThatThrownBy(() -> EventCodec.decode(envelopeJson("2025-01-15T10:00:00Z", duplicate)))
        .isInstanceOf(CodecException.class);
  }

  private static String envelopeJson(String timestamp, String data) {
    return "{\"event_id\":\"e1\",\"event_type\":\"X\",\"event_version\":1,\"timestamp\":\""
        + timestamp
        + "\",\"source\":\"arco-flow/t1/w1\",\"tenant_id\":\"t1\",\"workspace_id\":\"w1\","
        + "\"idempotency_key\":\"k\",\"data\":"
        + data
        + "}";
  }
}
