package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.EventTypes;
import io.arco.flow.event.UnknownEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes an {@link EventEnvelope} to its canonical JSON bytes and back (flow-model part 1 §0–1,
 * §0.4.9), with the rules of {@link CodecMapper}.
 *
 * <p>The envelope uses the snake_case wire names {@code event_id}, {@code event_type}, {@code
 * event_version}, {@code timestamp}, {@code source}, {@code tenant_id}, {@code workspace_id},
 * {@code idempotency_key}, optional {@code correlation_id} and {@code causation_id}, and {@code
 * data}: the payload in snake_case with a {@code type} tag taken from {@link EventTypes#ALL} (e.g.
 * {@code task_started}). The worker-contract blocks inside completions ({@code output}, {@code
 * error}, {@code metrics}) are camelCase. Enums are written SCREAMING ({@code SUCCEEDED}, {@code
 * HEARTBEAT_CHECK}) and read in either that or the reference's lowercase spelling ({@code
 * succeeded}); flow-model §0.4.9 waives byte compatibility with the reference ledger.
 *
 * <p>A payload whose {@code type} is unknown, missing or not a string decodes to {@link
 * UnknownEvent} with that type ({@code ""} when missing) and the payload's canonical JSON, tag
 * included; the envelope keeps its stored {@code event_type} and key. Encoding an {@code
 * UnknownEvent} writes its JSON back with the tag set to its type, so it round-trips.
 *
 * <p>{@code decode(encode(e)).equals(e)} holds for every envelope, and equal envelopes encode to
 * identical bytes. Malformed bytes throw {@link CodecException}.
 */
public final class EventCodec {
  private EventCodec() {}

  private static final Map<Class<? extends Event>, String> TAG_BY_CLASS = new HashMap<>();
  private static final Map<String, Class<? extends Event>> CLASS_BY_TAG = new HashMap<>();

  static {
    for (EventTypes.Names n : EventTypes.ALL) {
      TAG_BY_CLASS.put(n.type(), n.tag());
      CLASS_BY_TAG.put(n.tag(), n.type());
    }
  }

  /**
   * The canonical bytes of an envelope: its fields in name order, then the payload written
   * straight from the event record (its properties sorted, the {@code type} tag among them, see
   * {@link EventTypeTag}).
   */
  public static byte[] encode(EventEnvelope envelope) {
    ObjectMapper m = CodecMapper.mapper();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = m.createGenerator(bytes)) {
      g.writeStartObject();
      if (envelope.causationId().isPresent()) {
        g.writeStringField("causation_id", envelope.causationId().get());
      }
      if (envelope.correlationId().isPresent()) {
        g.writeStringField("correlation_id", envelope.correlationId().get());
      }
      g.writeFieldName("data");
      if (envelope.data() instanceof UnknownEvent unknown) {
        m.writeValue(g, payload(unknown));
      } else {
        if (!TAG_BY_CLASS.containsKey(envelope.data().getClass())) {
          throw new CodecException("no wire name for " + envelope.data().getClass().getName());
        }
        m.writeValue(g, envelope.data());
      }
      g.writeStringField("event_id", envelope.eventId());
      g.writeStringField("event_type", envelope.eventType());
      g.writeNumberField("event_version", envelope.eventVersion());
      g.writeStringField("idempotency_key", envelope.idempotencyKey());
      g.writeStringField("source", envelope.source());
      g.writeStringField("tenant_id", envelope.tenantId());
      g.writeStringField("timestamp", InstantJson.format(envelope.timestamp()));
      g.writeStringField("workspace_id", envelope.workspaceId());
      g.writeEndObject();
    } catch (IOException | IllegalArgumentException e) {
      throw new CodecException("cannot encode event " + envelope.eventId(), e);
    }
    return bytes.toByteArray();
  }

  /** The canonical bytes of an envelope as a string (one line of a JSONL log). */
  public static String encodeToString(EventEnvelope envelope) {
    return new String(encode(envelope), StandardCharsets.UTF_8);
  }

  /** Decodes bytes written by {@link #encode} (or any JSON of the same shape). */
  public static EventEnvelope decode(byte[] bytes) {
    JsonNode root;
    try {
      root = CodecMapper.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CodecException("malformed event JSON", e);
    }
    return envelope(root);
  }

  /** Decodes one JSON text (one line of a JSONL log). */
  public static EventEnvelope decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /** An unknown event's stored payload with its tag set to its type, so it round-trips. */
  private static ObjectNode payload(UnknownEvent unknown) {
    JsonNode raw;
    try {
      raw = CodecMapper.mapper().readTree(unknown.rawJson());
    } catch (IOException e) {
      throw new CodecException("unknown event payload is not JSON: " + unknown.rawJson(), e);
    }
    if (raw == null || !raw.isObject()) {
      throw new CodecException("unknown event payload is not an object: " + unknown.rawJson());
    }
    ObjectNode data = (ObjectNode) raw;
    data.put("type", unknown.type());
    return data;
  }

  private static EventEnvelope envelope(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new CodecException("an event must be a JSON object");
    }
    String eventId = text(root, "event_id");
    JsonNode version = root.get("event_version");
    if (version == null || !version.canConvertToExactIntegral() || !version.canConvertToInt()) {
      throw new CodecException("event " + eventId + ": event_version must be an integer");
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new CodecException("event " + eventId + ": data must be an object");
    }
    return new EventEnvelope(
        eventId,
        text(root, "event_type"),
        version.intValue(),
        timestamp(root, eventId),
        text(root, "source"),
        text(root, "tenant_id"),
        text(root, "workspace_id"),
        text(root, "idempotency_key"),
        optionalText(root, "correlation_id"),
        optionalText(root, "causation_id"),
        event(eventId, (ObjectNode) data));
  }

  private static Event event(String eventId, ObjectNode data) {
    ObjectMapper m = CodecMapper.mapper();
    JsonNode tagNode = data.get("type");
    String tag = tagNode != null && tagNode.isTextual() ? tagNode.textValue() : "";
    Class<? extends Event> type = CLASS_BY_TAG.get(tag);
    try {
      if (type == null) {
        return new UnknownEvent(tag, m.writeValueAsString(data));
      }
      return m.treeToValue(data, type);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("event " + eventId + ": malformed " + tag + " payload", e);
    }
  }

  private static Instant timestamp(JsonNode root, String eventId) {
    try {
      return InstantJson.parse(text(root, "timestamp"));
    } catch (CodecException e) {
      throw new CodecException("event " + eventId + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual()) {
      throw new CodecException("event field '" + field + "' must be a string");
    }
    return v.textValue();
  }

  private static Optional<String> optionalText(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new CodecException("event field '" + field + "' must be a string");
    }
    return Optional.of(v.textValue());
  }
}
