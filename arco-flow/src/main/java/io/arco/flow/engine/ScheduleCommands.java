package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.event.ScheduleDefinitionUpserted;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.ScheduleDefinitionRow;
import io.arco.flow.model.OverlapPolicy;
import io.arco.flow.plan.AssetKeys;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ManifestSchedule;
import io.arco.flow.plan.RequestLimits;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.plan.TriggerPlanner;
import io.arco.flow.plan.UnixCron;
import io.arco.flow.query.ScheduleViews;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.zone.ZoneRulesException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Schedule mutations (api-contract §2.1 side effect, §8.3, §8.4; decisions §6.8): validation, the
 * same-definition short-circuit, idempotency keys and the {@code ScheduleDefinitionUpserted} event.
 */
final class ScheduleCommands {
  static final String KEY_REUSED = "idempotency key already used for a different schedule mutation";

  private ScheduleCommands() {}

  /**
   * Upserts a definition from the API; answers the schedule and whether it is new. The schedule id
   * follows the identifier rule of decisions §7.5 ({@code scheduleId must be at most 256 bytes},
   * {@code scheduleId contains a control character}) before the body is checked.
   */
  static ScheduleResult upsert(
      CommandContext ctx,
      ManifestCatalog manifests,
      String scheduleId,
      ScheduleCommand cmd,
      Optional<String> idempotencyKey) {
    RequestLimits.identifier("scheduleId", scheduleId);
    List<String> selection = validate(cmd, manifests.latest());
    FoldState state = ctx.state();
    ScheduleDefinitionRow old = state.scheduleDefinitions().get(scheduleId);
    OverlapPolicy overlap =
        cmd.overlapPolicy().orElse(old == null ? OverlapPolicy.ALLOW : old.overlapPolicy());
    ScheduleDefinitionUpserted event =
        new ScheduleDefinitionUpserted(
            scheduleId,
            cmd.cronExpression(),
            cmd.timezone(),
            (int) cmd.catchupWindowMinutes(),
            selection,
            manifests.latest().map(Manifest::codeVersionId),
            (int) cmd.maxCatchupTicks(),
            cmd.enabled(),
            overlap);
    if (old != null && sameDefinition(old, event)) {
      return new ScheduleResult(ScheduleViews.of(state, scheduleId).orElseThrow(), false);
    }
    emit(ctx, event, "sched_def_api:" + scheduleId + ":", idempotencyKey);
    return new ScheduleResult(ScheduleViews.of(ctx.state(), scheduleId).orElseThrow(), old == null);
  }

  /** Enables or disables a schedule (no event when it is already in that state). */
  static ScheduleResult setEnabled(
      CommandContext ctx, String scheduleId, boolean enabled, Optional<String> idempotencyKey) {
    FoldState state = ctx.state();
    ScheduleDefinitionRow old = state.scheduleDefinitions().get(scheduleId);
    if (old == null) {
      throw FlowException.notFound("schedule not found: " + scheduleId);
    }
    if (old.enabled() == enabled) {
      return new ScheduleResult(ScheduleViews.of(state, scheduleId).orElseThrow(), false);
    }
    ScheduleDefinitionUpserted event =
        new ScheduleDefinitionUpserted(
            scheduleId,
            old.cronExpression(),
            old.timezone(),
            old.catchupWindowMinutes(),
            old.assetSelection(),
            old.codeVersion(),
            old.maxCatchupTicks(),
            enabled,
            old.overlapPolicy());
    emit(ctx, event, (enabled ? "sched_enable:" : "sched_disable:") + scheduleId + ":", idempotencyKey);
    return new ScheduleResult(ScheduleViews.of(ctx.state(), scheduleId).orElseThrow(), false);
  }

  /**
   * The manifest-deploy side effect (api-contract §2.1, decisions §6.8): each manifest schedule is
   * upserted when its cron, timezone, selection or catch-up/overlap settings differ; {@code enabled}
   * is never changed by a deploy (new schedules start enabled).
   */
  static void deployed(CommandContext ctx, StoredManifestDocument doc) {
    for (ManifestSchedule s : doc.manifest().schedules()) {
      ScheduleDefinitionRow old = ctx.state().scheduleDefinitions().get(s.id());
      ScheduleDefinitionUpserted event =
          new ScheduleDefinitionUpserted(
              s.id(),
              s.cron(),
              s.timezone(),
              s.catchupWindowMinutes().orElse(old == null ? 0 : old.catchupWindowMinutes()),
              s.assetKeys(),
              Optional.of(doc.manifest().codeVersionId()),
              s.maxCatchupTicks().orElse(old == null ? 1 : old.maxCatchupTicks()),
              old == null || old.enabled(),
              s.overlapPolicy().orElse(old == null ? OverlapPolicy.ALLOW : old.overlapPolicy()));
      if (old == null || !sameDefinition(old, event)) {
        ctx.emit(event, "sched_def_manifest:" + doc.manifestId() + ":" + s.id());
      }
    }
  }

  private static void emit(
      CommandContext ctx, ScheduleDefinitionUpserted event, String keyPrefix, Optional<String> header) {
    if (header.isPresent() && ctx.state().hasIdempotencyKey(keyPrefix + header.get())) {
      throw FlowException.conflict(KEY_REUSED);
    }
    String key = keyPrefix + header.orElseGet(ctx::newId);
    if (!ctx.emit(event, key)) {
      throw new IllegalStateException("schedule definition did not apply: " + event.scheduleId());
    }
  }

  static boolean sameDefinition(ScheduleDefinitionRow old, ScheduleDefinitionUpserted e) {
    return old.cronExpression().equals(e.cronExpression())
        && old.timezone().equals(e.timezone())
        && old.catchupWindowMinutes() == e.catchupWindowMinutes()
        && old.maxCatchupTicks() == e.maxCatchupTicks()
        && old.enabled() == e.enabled()
        && old.overlapPolicy() == e.overlapPolicy()
        && new TreeSet<>(old.assetSelection()).equals(new TreeSet<>(e.assetSelection()));
  }

  /**
   * api-contract §8.3 checks in order (a cron that can never fire, decisions §7.7, is 422 {@code
   * invalid field 'cronExpression': cron expression can never fire} right after the contract's two
   * cron checks), then the selection is canonicalised and validated against
   * the latest manifest like a run selection (decisions §1, §6.8). Answers the canonical, sorted,
   * de-duplicated selection.
   */
  static List<String> validate(ScheduleCommand cmd, Optional<Manifest> manifest) {
    if (cmd.assetSelection().isEmpty()) {
      throw FlowException.invalid("assetSelection cannot be empty");
    }
    if (cmd.assetSelection().stream().anyMatch(String::isEmpty)) {
      throw FlowException.invalid("assetSelection items cannot be empty");
    }
    if (cmd.catchupWindowMinutes() < 0 || cmd.catchupWindowMinutes() > 0xFFFF_FFFFL) {
      throw FlowException.invalidField("catchupWindowMinutes", "expected an unsigned 32-bit integer");
    }
    if (cmd.maxCatchupTicks() < 1) {
      throw FlowException.invalid("maxCatchupTicks must be >= 1");
    }
    if (cmd.maxCatchupTicks() > 10_000) {
      throw FlowException.invalid("maxCatchupTicks must be <= 10000");
    }
    if (cmd.catchupWindowMinutes() > 527_040) {
      throw FlowException.invalid("catchupWindowMinutes must be <= 527040 (one year)");
    }
    Optional<UnixCron.Problem> problem = UnixCron.problem(cmd.cronExpression());
    if (problem.isPresent()) {
      throw switch (problem.get()) {
        case FIELD_COUNT ->
            FlowException.invalid(
                "cronExpression must have 5 fields (min..dow) or 6 fields (sec..dow)");
        case UNPARSABLE -> FlowException.invalid("invalid cronExpression");
        case NEVER_FIRES ->
            FlowException.invalidField("cronExpression", UnixCron.NEVER_FIRES_REASON);
      };
    }
    try {
      ZoneId.of(cmd.timezone());
      if (!ZoneId.getAvailableZoneIds().contains(cmd.timezone())) {
        throw FlowException.invalid("invalid timezone");
      }
    } catch (ZoneRulesException e) {
      throw FlowException.invalid("invalid timezone");
    } catch (DateTimeException e) {
      throw FlowException.invalid("invalid timezone");
    }
    TreeSet<String> canonical = new TreeSet<>();
    for (String raw : cmd.assetSelection()) {
      canonical.add(AssetKeys.canonicalize(raw));
    }
    Manifest m = TriggerPlanner.requireManifest(manifest);
    List<String> unknown = new ArrayList<>();
    for (String key : canonical) {
      if (m.asset(key).isEmpty()) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw FlowException.invalid("unknown asset keys: " + String.join(", ", unknown));
    }
    return List.copyOf(canonical);
  }
}
