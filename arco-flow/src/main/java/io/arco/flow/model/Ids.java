package io.arco.flow.model;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic identifiers of flow-model part 1 §2.2 and part 3 §0.1: the same inputs give the
 * same id on every node and every replay.
 */
public final class Ids {
  private static final String CALLBACK_PREFIX = "ct1_";

  private Ids() {}

  /** {@code dispatch:{run_id}:{task_key}:{attempt}}. */
  public static String dispatchId(String runId, String taskKey, int attempt) {
    return "dispatch:" + runId + ":" + taskKey + ":" + attempt;
  }

  /** {@code att_} + hex of the first 12 bytes of SHA-256({@code "attempt:" + dispatchId}). */
  public static String attemptId(String dispatchId) {
    byte[] digest = sha256(("attempt:" + dispatchId).getBytes(StandardCharsets.UTF_8));
    return "att_" + HexFormat.of().formatHex(digest, 0, 12);
  }

  /** The attempt id of attempt {@code attempt} of a task. */
  public static String attemptId(String runId, String taskKey, int attempt) {
    return attemptId(dispatchId(runId, taskKey, attempt));
  }

  /** {@code timer:retry:{run}:{task}:{attempt}:{epoch seconds}}. */
  public static String retryTimerId(String runId, String taskKey, int attempt, Instant fireAt) {
    return "timer:retry:" + runId + ":" + taskKey + ":" + attempt + ":" + fireAt.getEpochSecond();
  }

  /** {@code timer:heartbeat:{run}:{task}:{attempt}:{epoch seconds}}. */
  public static String heartbeatTimerId(String runId, String taskKey, int attempt, Instant at) {
    return "timer:heartbeat:" + runId + ":" + taskKey + ":" + attempt + ":" + at.getEpochSecond();
  }

  /**
   * Parses a timer id into its parts (flow-model part 3 §0.1). The task key may itself contain
   * colons, so the run id is read from the front and the attempt and epoch from the back.
   */
  public static Optional<ParsedTimerId> parseTimerId(String timerId) {
    String[] parts = timerId.split(":", -1);
    if (parts.length < 3 || !parts[0].equals("timer")) {
      return Optional.empty();
    }
    TimerType type =
        switch (parts[1]) {
          case "retry" -> TimerType.RETRY;
          case "heartbeat" -> TimerType.HEARTBEAT_CHECK;
          case "cron" -> TimerType.CRON;
          case "sla" -> TimerType.SLA_CHECK;
          default -> null;
        };
    if (type == null) {
      return Optional.empty();
    }
    long epoch;
    try {
      epoch = Long.parseLong(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (type == TimerType.CRON) {
      return Optional.of(
          new ParsedTimerId(
              type, Optional.empty(), Optional.empty(), Optional.empty(), Instant.ofEpochSecond(epoch)));
    }
    if (parts.length < 6) {
      return Optional.empty();
    }
    int attempt;
    try {
      attempt = Integer.parseInt(parts[parts.length - 2]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String runId = parts[2];
    String taskKey = String.join(":", java.util.Arrays.copyOfRange(parts, 3, parts.length - 2));
    if (runId.isEmpty() || taskKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ParsedTimerId(
            type,
            Optional.of(runId),
            Optional.of(taskKey),
            Optional.of(attempt),
            Instant.ofEpochSecond(epoch)));
  }

  /** The parts of a parsed timer id. */
  public record ParsedTimerId(
      TimerType type,
      Optional<String> runId,
      Optional<String> taskKey,
      Optional<Integer> attempt,
      Instant fireAt) {}

  /** {@code ct1_} + base64url-no-pad of {@code runId ‖ NUL ‖ taskKey} (api-contract §12.2). */
  public static String callbackTaskId(String runId, String taskKey) {
    byte[] run = runId.getBytes(StandardCharsets.UTF_8);
    byte[] task = taskKey.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[run.length + 1 + task.length];
    System.arraycopy(run, 0, all, 0, run.length);
    System.arraycopy(task, 0, all, run.length + 1, task.length);
    return CALLBACK_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  /**
   * Parses a callback task id; empty on a missing prefix, bad base64, not exactly one NUL,
   * non-UTF-8 bytes or an empty part.
   */
  public static Optional<CallbackTaskId> parseCallbackTaskId(String id) {
    if (!id.startsWith(CALLBACK_PREFIX)) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(id.substring(CALLBACK_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int nul = -1;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        if (nul >= 0) {
          return Optional.empty();
        }
        nul = i;
      }
    }
    if (nul <= 0 || nul == raw.length - 1) {
      return Optional.empty();
    }
    try {
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
      String runId = decoder.decode(java.nio.ByteBuffer.wrap(raw, 0, nul)).toString();
      String taskKey =
          decoder.decode(java.nio.ByteBuffer.wrap(raw, nul + 1, raw.length - nul - 1)).toString();
      return Optional.of(new CallbackTaskId(runId, taskKey));
    } catch (java.nio.charset.CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** A decoded callback task id. */
  public record CallbackTaskId(String runId, String taskKey) {}

  private static final String SENSOR_TASK_PREFIX = "cs1_";

  /**
   * The task id of a poll-sensor evaluation lease (decisions §6.7): {@code cs1_} + base64url-no-pad
   * of {@code sensorId ‖ NUL ‖ stateVersion} (decimal).
   */
  public static String sensorTaskId(String sensorId, int stateVersion) {
    byte[] all = (sensorId + "\u0000" + stateVersion).getBytes(StandardCharsets.UTF_8);
    return SENSOR_TASK_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  /** Whether an id is shaped like a sensor-evaluation task id (its prefix only). */
  public static boolean isSensorTaskId(String id) {
    return id.startsWith(SENSOR_TASK_PREFIX);
  }

  /**
   * Parses a sensor-evaluation task id; empty on a missing prefix, bad base64, not exactly one NUL,
   * non-UTF-8 bytes, an empty sensor id or a version that is not a non-negative decimal integer.
   */
  public static Optional<SensorTaskId> parseSensorTaskId(String id) {
    if (!isSensorTaskId(id)) {
      return Optional.empty();
    }
    return parseCallbackTaskId(CALLBACK_PREFIX + id.substring(SENSOR_TASK_PREFIX.length()))
        .flatMap(
            p -> {
              if (!p.taskKey().matches("0|[1-9][0-9]{0,9}")) {
                return Optional.empty();
              }
              long v = Long.parseLong(p.taskKey());
              return v > Integer.MAX_VALUE
                  ? Optional.<SensorTaskId>empty()
                  : Optional.of(new SensorTaskId(p.runId(), (int) v));
            });
  }

  /** A decoded sensor-evaluation task id. */
  public record SensorTaskId(String sensorId, int stateVersion) {}

  /**
   * An evaluation id (decisions §6.7): {@code eval_{sensorId}_} + the first 16 hex of SHA-256 of the
   * evaluation's idempotency key, so a redelivered evaluation has the same id.
   */
  public static String sensorEvalId(String sensorId, String evaluationKey) {
    return "eval_" + sensorId + "_" + sha256Hex(evaluationKey).substring(0, 16);
  }

  /**
   * Run id of an automation run: {@code run_} + the first 26 characters of the lower-cased,
   * unpadded RFC 4648 base32 of the first 16 bytes of HMAC-SHA256(secret, {@code
   * "{tenant}:{workspace}:{run_key}"}).
   */
  public static String runIdFromRunKey(byte[] secret, Scope scope, String runKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // An empty secret is legal for HMAC but not for SecretKeySpec; pad to one zero byte, which
      // HMAC treats identically (keys are zero-padded to the block size).
      byte[] key = secret.length == 0 ? new byte[1] : secret;
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal(
              (scope.tenant() + ":" + scope.workspace() + ":" + runKey)
                  .getBytes(StandardCharsets.UTF_8));
      byte[] first16 = java.util.Arrays.copyOf(digest, 16);
      return "run_" + base32(first16).toLowerCase(Locale.ROOT).substring(0, 26);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
  public static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** RFC 4648 base32, upper case, no padding. */
  static String base32(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
