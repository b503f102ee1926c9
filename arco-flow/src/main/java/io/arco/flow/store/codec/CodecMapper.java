package io.arco.flow.store.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.arco.flow.event.EventTypes;
import io.arco.flow.event.OutputVisibilityUpdate;
import io.arco.flow.event.TaskDef;
import io.arco.flow.event.SourceRef;
import io.arco.flow.event.TickStatus;
import io.arco.flow.event.TriggerInfo;
import io.arco.flow.fold.EdgeRow;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.fold.IdempotencyRecord;
import io.arco.flow.fold.OutboxRow;
import io.arco.flow.fold.PartitionStatusRow;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import io.arco.flow.fold.TaskRow;
import io.arco.flow.fold.TimerRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one {@link ObjectMapper} of events and snapshots (flow-model §0.4.9), configured here and
 * nowhere else.
 *
 * <p>Writing: properties sorted by name and map entries by key at every level; {@code
 * Optional.empty()} and absent values omitted (never {@code null}); empty maps omitted, lists
 * always written; {@link Instant} as {@link Instant#toString()}; enums as their Java (SCREAMING)
 * name; compact, UTF-8. A {@code double}, {@code float} or {@code BigDecimal} fails the encode.
 *
 * <p>Reading: missing and {@code null} mean absent (empty {@code Optional}, list or map); unknown
 * properties are ignored (a newer writer may add fields); enum names are matched ignoring case, so
 * both {@code SUCCEEDED} and the reference's {@code succeeded} / {@code heartbeat_check} are
 * accepted (no byte compatibility with the reference's ledger is needed, flow-model §0.4.9, so we
 * write one spelling and read both); a floating-point number where an integer is expected, a
 * duplicate property and trailing content are errors.
 *
 * <p>Names: snake_case for event payloads, {@link TaskDef}, {@link TriggerInfo}, {@link
 * OutputVisibilityUpdate} and every snapshot record; the worker-contract blocks ({@code
 * TaskOutput}, {@code TaskError}, {@code TaskMetrics}) keep their camelCase Java names.
 */
final class CodecMapper {
  private CodecMapper() {}

  private static final ObjectMapper MAPPER = build();

  /** The shared mapper; callers must not reconfigure it. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    SimpleModule module = new SimpleModule("arco-codec");
    module.addSerializer(Instant.class, new InstantJson.Serializer());
    module.addDeserializer(Instant.class, new InstantJson.Deserializer());
    module.addSerializer(TriggerInfo.class, new TriggerInfoJson.Serializer());
    module.addDeserializer(TriggerInfo.class, new TriggerInfoJson.Deserializer());
    module.addSerializer(
        TickStatus.class, new TaggedJson.Serializer<>(TickStatus.class, AutomationJson::tickStatus));
    module.addDeserializer(
        TickStatus.class, new TaggedJson.Deserializer<>(TickStatus.class, AutomationJson::tickStatus));
    module.addSerializer(
        io.arco.flow.model.SensorEvalStatus.class,
        new TaggedJson.Serializer<>(io.arco.flow.model.SensorEvalStatus.class, AutomationJson::evalStatus));
    module.addDeserializer(
        io.arco.flow.model.SensorEvalStatus.class,
        new TaggedJson.Deserializer<>(io.arco.flow.model.SensorEvalStatus.class, AutomationJson::evalStatus));
    module.addSerializer(io.arco.flow.model.PartitionSelector.class, new PartitionSelectorJson.Serializer());
    module.addDeserializer(
        io.arco.flow.model.PartitionSelector.class, new PartitionSelectorJson.Deserializer());
    module.addSerializer(io.arco.flow.model.TriggerSource.class, new TriggerSourceJson.Serializer());
    module.addDeserializer(io.arco.flow.model.TriggerSource.class, new TriggerSourceJson.Deserializer());
    module.addSerializer(
        SourceRef.class, new TaggedJson.Serializer<>(SourceRef.class, AutomationJson::sourceRef));
    module.addDeserializer(
        SourceRef.class, new TaggedJson.Deserializer<>(SourceRef.class, AutomationJson::sourceRef));
    java.util.Map<Class<? extends io.arco.flow.event.Event>, String> tags = new java.util.HashMap<>();
    EventTypes.ALL.forEach(n -> tags.put(n.type(), n.tag()));
    module.setSerializerModifier(new EventTypeTag(tags));
    NoFloatingPoint noFloat = new NoFloatingPoint();
    for (Class<?> floating :
        List.of(Double.class, Double.TYPE, Float.class, Float.TYPE, BigDecimal.class)) {
      module.addSerializer(floating, noFloat);
    }

    JsonMapper.Builder b =
        JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(module)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
            .withConfigOverride(
                Map.class,
                o ->
                    o.setInclude(
                            JsonInclude.Value.construct(
                                JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_ABSENT))
                        .setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(
                Optional.class,
                o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(
                List.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)));

    for (EventTypes.Names names : EventTypes.ALL) {
      b.addMixIn(names.type(), SnakeCaseNames.class);
    }
    for (Class<?> snake :
        List.of(
            TaskDef.class,
            OutputVisibilityUpdate.class,
            FoldSnapshot.class,
            RunRow.class,
            TaskRow.class,
            EdgeRow.class,
            TimerRow.class,
            OutboxRow.class,
            RunKeyRow.class,
            IdempotencyRecord.class,
            PartitionStatusRow.class,
            io.arco.flow.fold.AssetMaterializationRow.class,
            io.arco.flow.model.AttemptFailure.class,
            io.arco.flow.fold.ScheduleDefinitionRow.class,
            io.arco.flow.fold.ScheduleStateRow.class,
            io.arco.flow.fold.ScheduleTickRow.class,
            io.arco.flow.fold.RunKeyConflictRow.class,
            io.arco.flow.fold.PendingRunRow.class,
            io.arco.flow.model.RunRequest.class,
            io.arco.flow.fold.SensorDefinitionRow.class,
            io.arco.flow.fold.SensorStateRow.class,
            io.arco.flow.fold.SensorLease.class,
            io.arco.flow.fold.SensorEvalRow.class,
            io.arco.flow.fold.BackfillRow.class,
            io.arco.flow.fold.BackfillChunkRow.class,
            io.arco.flow.fold.PartitionSetRow.class,
            io.arco.flow.model.LabelLimit.class,
            io.arco.flow.model.WorkspaceSettings.class)) {
      b.addMixIn(snake, SnakeCaseNames.class);
    }
    return b.build();
  }
}
