package io.arco.flow.engine;

import io.arco.flow.error.FlowError;
import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.store.DuplicateKeyException;
import io.arco.flow.error.StoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the event store can write, as the latest append of any workspace showed (decisions
 * §7.8). A store failure (disk full, read-only, lost connection) turns into {@code
 * STORE_UNAVAILABLE} for the batch's commands, is reported by {@code /ready} until an append
 * succeeds, and is logged as one line per distinct reason per minute rather than a stack trace per
 * request.
 */
final class StoreWrites {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWrites.class);
  static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private final Map<String, Long> loggedAt = new HashMap<>(); // guarded by this
  private volatile Optional<String> failure = Optional.empty();

  /**
   * What the commands of a batch whose append threw {@code ex} fail with: a {@link FlowException}
   * carrying {@link FlowError.StoreUnavailable} for a store failure, else {@code ex} itself (a
   * duplicate key is a bug, not an outage).
   */
  RuntimeException appendFailed(Scope scope, RuntimeException ex) {
    if (!(ex instanceof StoreException) || ex instanceof DuplicateKeyException) {
      return ex;
    }
    return unavailable(scope, String.valueOf(ex.getMessage()));
  }

  /** Records that the store cannot serve {@code scope}'s writer, logs it (rate limited). */
  FlowException unavailable(Scope scope, String reason) {
    FlowException fe = new FlowException(new FlowError.StoreUnavailable(reason));
    failure = Optional.of(fe.getMessage());
    if (shouldLog(reason, System.nanoTime())) {
      LOG.error("{}: {}", scope, fe.getMessage());
    }
    return fe;
  }

  /** An append succeeded: the store writes again. */
  void appended() {
    if (failure.isPresent()) {
      failure = Optional.empty();
    }
  }

  /** Empty while the store writes; otherwise the latest failure's message. */
  Optional<String> problem() {
    return failure;
  }

  /** Whether {@code ex} is what {@link #appendFailed} makes of a store failure. */
  static boolean isUnavailable(RuntimeException ex) {
    return ex instanceof FlowException fe && fe.error() instanceof FlowError.StoreUnavailable;
  }

  /** True at most once per {@link #LOG_EVERY} for each distinct reason. */
  synchronized boolean shouldLog(String reason, long nowNanos) {
    loggedAt.values().removeIf(at -> nowNanos - at >= LOG_EVERY.toNanos());
    if (loggedAt.containsKey(reason)) {
      return false;
    }
    loggedAt.put(reason, nowNanos);
    return true;
  }
}
