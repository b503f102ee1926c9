package io.arco.flow.engine;

import io.arco.flow.control.PollableSensors;
import io.arco.flow.error.FlowError.CallbackErrorKind;
import io.arco.flow.error.FlowError.CallbackRejected;
import io.arco.flow.error.FlowException;
import io.arco.flow.event.IdempotencyKeys;
import io.arco.flow.model.RunRequest;
import io.arco.flow.event.RunRequested;
import io.arco.flow.event.SensorDefinitionUpserted;
import io.arco.flow.model.SensorEvalStatus;
import io.arco.flow.event.SensorEvaluated;
import io.arco.flow.event.SensorEvaluationLeased;
import io.arco.flow.event.SensorStatusChanged;
import io.arco.flow.event.SourceRef;
import io.arco.flow.model.TriggerSource;
import io.arco.flow.fold.FoldState;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.SensorDefinitionRow;
import io.arco.flow.fold.SensorEvalRow;
import io.arco.flow.fold.SensorStateRow;
import io.arco.flow.model.Ids;
import io.arco.flow.model.SensorKind;
import io.arco.flow.model.SensorStatus;
import io.arco.flow.model.TaskOutcome;
import io.arco.flow.plan.Manifest;
import io.arco.flow.plan.ManifestSensor;
import io.arco.flow.plan.RequestLimits;
import io.arco.flow.plan.StoredManifestDocument;
import io.arco.flow.query.SensorView;
import io.arco.flow.query.SensorViews;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sensor commands (api-contract §9, decisions §2.9 and §6.7): the manifest-deploy side effect,
 * manual push evaluation, pause/resume, leasing poll evaluations and applying their completion.
 */
final class SensorCommands {
  static final String PAUSED_WARNING = "Sensor is paused but manual evaluate bypasses status";
  static final String ERROR_WARNING = "Sensor is in error but manual evaluate bypasses status";

  private SensorCommands() {}

  // ---- definitions ------------------------------------------------------------------------------

  /**
   * Each manifest sensor is upserted when its kind, assets or interval differ from the stored
   * definition (a code version change alone does not re-upsert), under the key {@code
   * sensor_def_manifest:{manifestId}:{sensorId}}. Status is never changed by a deploy.
   */
  static void deployed(CommandContext ctx, StoredManifestDocument doc) {
    for (ManifestSensor s : doc.manifest().sensors()) {
      SensorDefinitionRow old = ctx.state().sensorDefinitions().get(s.id());
      if (old != null
          && old.kind() == s.kind()
          && old.minIntervalSeconds() == s.minIntervalSeconds()
          && new TreeSet<>(old.assetSelection()).equals(new TreeSet<>(s.assetKeys()))) {
        continue;
      }
      ctx.emit(
          new SensorDefinitionUpserted(
              s.id(),
              s.kind(),
              s.assetKeys(),
              s.minIntervalSeconds(),
              Optional.of(doc.manifest().codeVersionId())),
          "sensor_def_manifest:" + doc.manifestId() + ":" + s.id());
    }
  }

  // ---- push evaluation --------------------------------------------------------------------------

  /**
   * A manual push evaluation (api-contract §9.3 with decisions §2.9): a defined push sensor turns
   * the message into one run request of its assets under {@code sensor:{id}:msg:{messageId}}, with
   * {@code attributes.partitionKey} as its partition; any other sensor answers {@code no_new_data}.
   * A request that cannot be built (unknown asset, bad partition) makes the evaluation an {@code
   * error}. A redelivered message id changes nothing and answers the first evaluation with {@code
   * deduplicated}; a dry run answers what would happen and writes nothing. Before anything else
   * (decisions §7.5): {@code messageId cannot be empty}, the identifier rule on the path's {@code
   * sensorId} and on {@code messageId} ({@code … must be at most 256 bytes}, {@code … contains a
   * control character}), and for a push sensor a run key within the run-key limit ({@code
   * messageId must be at most {n} bytes: the run key sensor:{id}:msg:{messageId} is limited to 256
   * bytes}); all 400, nothing written.
   */
  static SensorEvaluateResult evaluatePush(
      CommandContext ctx, ManifestCatalog manifests, String sensorId, PushEvaluation req) {
    if (req.messageId().filter(String::isEmpty).isPresent()) {
      throw FlowException.invalid("messageId cannot be empty");
    }
    RequestLimits.identifier("sensorId", sensorId);
    req.messageId().ifPresent(m -> RequestLimits.identifier("messageId", m));
    FoldState state = ctx.state();
    Optional<String> warning =
        Optional.ofNullable(state.sensorStates().get(sensorId))
            .map(SensorStateRow::status)
            .flatMap(
                s ->
                    s == SensorStatus.PAUSED
                        ? Optional.of(PAUSED_WARNING)
                        : s == SensorStatus.ERROR ? Optional.of(ERROR_WARNING) : Optional.empty());
    String messageId = req.messageId().orElseGet(() -> "manual_" + ctx.newId());
    TriggerSource source = new TriggerSource.Push(messageId);
    String key = IdempotencyKeys.sensorEval(sensorId, source, Optional.empty());
    String evalId = Ids.sensorEvalId(sensorId, key);
    SensorEvalRow seen = state.sensorEval(evalId).orElse(null);
    if (seen != null && state.hasIdempotencyKey(key)) {
      return new SensorEvaluateResult(
          evalId,
          messageId,
          seen.status(),
          seen.runRequests(),
          runIds(state, seen.runRequests()),
          0,
          warning,
          true,
          req.dryRun());
    }
    SensorDefinitionRow def = state.sensorDefinitions().get(sensorId);
    SensorEvalStatus status;
    List<RunRequest> requests;
    if (def != null && def.kind() == SensorKind.PUSH) {
      String runKeyPrefix = "sensor:" + sensorId + ":msg:";
      RequestLimits.derivedRunKey("messageId", runKeyPrefix, messageId);
      try {
        requests =
            List.of(
                SensorRunRequests.build(
                    def.assetSelection(),
                    Optional.ofNullable(req.attributes().get("partitionKey")),
                    runKeyPrefix + messageId,
                    manifests.latest(),
                    def.codeVersion(),
                    state.dynamicMembers()));
        status = new SensorEvalStatus.Triggered();
      } catch (FlowException e) {
        requests = List.of();
        status = new SensorEvalStatus.Error(e.getMessage());
      }
    } else {
      requests = List.of();
      status = new SensorEvalStatus.NoNewData();
    }
    if (req.dryRun()) {
      return new SensorEvaluateResult(
          evalId, messageId, status, requests, Map.of(), 0, warning, false, true);
    }
    int written =
        emitEvaluation(
            ctx,
            new SensorEvaluated(
                sensorId,
                evalId,
                Optional.empty(),
                Optional.of(messageId),
                Optional.empty(),
                source,
                requests,
                status),
            key);
    return new SensorEvaluateResult(
        evalId,
        messageId,
        status,
        requests,
        runIds(ctx.state(), requests),
        written,
        warning,
        false,
        false);
  }

  /** Appends the evaluation and one {@code RunRequested} per request; answers how many applied. */
  private static int emitEvaluation(CommandContext ctx, SensorEvaluated e, String key) {
    if (!ctx.emit(e, key)) {
      return 0;
    }
    int written = 1;
    // The fold drops the requests of an evaluation it recorded as stale, so none is stored.
    for (RunRequest r : e.runRequests()) {
      if (ctx.emit(
          new RunRequested(
              r.runKey(),
              r.requestFingerprint(),
              r.assetSelection(),
              r.partitionSelection(),
              new SourceRef.Sensor(e.sensorId(), e.evalId()),
              Map.of(),
              r.codeVersion()))) {
        written++;
      }
    }
    return written;
  }

  /** Run ids of requests whose run key is indexed with the same fingerprint. */
  private static Map<String, String> runIds(FoldState state, List<RunRequest> requests) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RunRequest r : requests) {
      state
          .runKey(r.runKey())
          .filter(k -> k.requestFingerprint().equals(Optional.of(r.requestFingerprint())))
          .map(RunKeyRow::runId)
          .ifPresent(id -> out.put(r.runKey(), id));
    }
    return out;
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  /**
   * Pause or resume (decisions §6.7): moves the status to PAUSED, or back to ACTIVE (also out of
   * ERROR); no event when it is already there or the {@code Idempotency-Key} was used by the same
   * mutation. 404 {@code sensor not found: {id}} for a sensor with neither definition nor state.
   */
  static SensorView setPaused(
      CommandContext ctx,
      String sensorId,
      boolean paused,
      Optional<String> idempotencyKey,
      String principal) {
    FoldState state = ctx.state();
    SensorView current =
        SensorViews.of(state, sensorId, LeasedSensorEvaluation.LEASE_SECONDS)
            .orElseThrow(() -> FlowException.notFound("sensor not found: " + sensorId));
    SensorStatus target = paused ? SensorStatus.PAUSED : SensorStatus.ACTIVE;
    String prefix = (paused ? "sensor_pause:" : "sensor_resume:") + sensorId + ":";
    if (current.status() == target
        || (idempotencyKey.isPresent() && state.hasIdempotencyKey(prefix + idempotencyKey.get()))) {
      return current;
    }
    ctx.emit(
        new SensorStatusChanged(sensorId, target, principal),
        prefix + idempotencyKey.orElseGet(ctx::newId));
    return SensorViews.of(ctx.state(), sensorId, LeasedSensorEvaluation.LEASE_SECONDS).orElseThrow();
  }

  // ---- poll evaluation --------------------------------------------------------------------------

  /** Leases up to {@code limit} due poll sensors of the latest manifest to {@code workerId}. */
  static List<LeasedSensorEvaluation> lease(
      CommandContext ctx, ManifestCatalog manifests, String workerId, int limit) {
    Optional<StoredManifestDocument> latest = manifests.latestDocument();
    if (latest.isEmpty() || limit <= 0) {
      return List.of();
    }
    Manifest m = latest.get().manifest();
    Set<String> defined = new HashSet<>();
    m.sensors().forEach(s -> defined.add(s.id()));
    long epoch = ctx.now().getEpochSecond();
    List<LeasedSensorEvaluation> out = new ArrayList<>();
    for (PollableSensors.Due due :
        PollableSensors.find(
            ctx.state(), defined, ctx.now(), LeasedSensorEvaluation.LEASE_SECONDS, limit)) {
      String id = due.definition().sensorId();
      if (!ctx.emit(new SensorEvaluationLeased(id, due.stateVersion(), epoch, workerId))) {
        continue;
      }
      out.add(
          new LeasedSensorEvaluation(
              ctx.scope(),
              Ids.sensorTaskId(id, due.stateVersion()),
              id,
              due.stateVersion(),
              epoch,
              due.cursor(),
              due.definition().assetSelection(),
              Optional.of(latest.get().manifestId()),
              m.sensor(id).flatMap(ManifestSensor::execution).map(Object::toString)));
    }
    return out;
  }

  /**
   * A worker completed a poll evaluation (decisions §6.7): one {@code SensorEvaluated} (poll,
   * expected version = the task's state version) plus its {@code RunRequested} events. Run requests
   * without a run key get {@code sensor:{id}:poll:{stateVersion}:{index}}. A failed outcome, or an
   * output that does not validate, is an {@code error} evaluation that keeps the cursor. A stale
   * version is recorded as {@code skipped_stale_cursor} and requests nothing; a redelivered
   * completion of the same lease changes nothing.
   */
  static SensorCompletedAck completePoll(
      CommandContext ctx, ManifestCatalog manifests, SensorCompletion c) {
    FoldState state = ctx.state();
    Ids.SensorTaskId task =
        Ids.parseSensorTaskId(c.pathTaskId())
            .filter(t -> state.sensorDefinitions().containsKey(t.sensorId()))
            .orElseThrow(() -> reject(CallbackErrorKind.TASK_NOT_FOUND, "Task not found: " + c.pathTaskId()));
    if (!c.claims().taskId().equals(c.pathTaskId())) {
      throw reject(CallbackErrorKind.INVALID_TOKEN, "task_id_mismatch");
    }
    String claimed =
        c.claims()
            .attemptId()
            .orElseThrow(() -> reject(CallbackErrorKind.INVALID_TOKEN, "missing_scope_claims"));
    long epoch =
        LeasedSensorEvaluation.pollEpochOf(claimed)
            .orElseThrow(() -> reject(CallbackErrorKind.INVALID_TOKEN, "attempt_id_mismatch"));
    if (!claimed.equals(c.attemptId())) {
      throw new FlowException(
          new CallbackRejected(
              CallbackErrorKind.ATTEMPT_ID_MISMATCH,
              "Expected attempt_id " + claimed + ", received " + c.attemptId(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(claimed),
              Optional.of(c.attemptId())));
    }
    String sensorId = task.sensorId();
    Optional<SensorEvalRow> redelivered = state.pollEvaluation(sensorId, task.stateVersion(), epoch);
    if (redelivered.isPresent()) {
      SensorEvalRow r = redelivered.get();
      return new SensorCompletedAck(r.evalId(), r.status(), r.runRequests().size(), true, ctx.now());
    }
    SensorDefinitionRow def = state.sensorDefinitions().get(sensorId);
    Optional<SensorStateRow> st = Optional.ofNullable(state.sensorStates().get(sensorId));
    Optional<String> cursorBefore = st.flatMap(SensorStateRow::cursor);
    Optional<String> cursorAfter = Optional.empty();
    List<RunRequest> requests = List.of();
    SensorEvalStatus status;
    if (c.outcome() == TaskOutcome.SUCCEEDED) {
      try {
        SensorRunRequests.Output out = SensorRunRequests.parseOutput(c.output());
        requests =
            SensorRunRequests.buildAll(
                out.requests(),
                def.assetSelection(),
                i -> "sensor:" + sensorId + ":poll:" + task.stateVersion() + ":" + i,
                manifests.latest(),
                def.codeVersion(),
                state.dynamicMembers());
        cursorAfter = out.cursor();
        status =
            requests.isEmpty() ? new SensorEvalStatus.NoNewData() : new SensorEvalStatus.Triggered();
      } catch (FlowException e) {
        requests = List.of();
        status = new SensorEvalStatus.Error("invalid sensor output: " + e.getMessage());
      }
    } else {
      status =
          new SensorEvalStatus.Error(
              c.errorMessage().filter(m -> !m.isBlank()).orElse("sensor evaluation " + c.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    }
    TriggerSource source = new TriggerSource.Poll(epoch);
    String key = IdempotencyKeys.sensorEval(sensorId, source, cursorBefore);
    String evalId = Ids.sensorEvalId(sensorId, key);
    emitEvaluation(
        ctx,
        new SensorEvaluated(
            sensorId,
            evalId,
            cursorBefore,
            cursorAfter,
            Optional.of(task.stateVersion()),
            source,
            requests,
            status),
        key);
    SensorEvalRow recorded = ctx.state().sensorEval(evalId).orElse(null);
    SensorEvalStatus finalStatus = recorded == null ? status : recorded.status();
    int requested = finalStatus instanceof SensorEvalStatus.SkippedStaleCursor ? 0 : requests.size();
    return new SensorCompletedAck(evalId, finalStatus, requested, false, ctx.now());
  }

  private static FlowException reject(CallbackErrorKind kind, String message) {
    return new FlowException(CallbackRejected.of(kind, message));
  }
}
