package io.arco.flow.fold;

import java.util.Optional;

/**
 * Where the fold and the engine find what left memory (decisions §3: live state in memory, history
 * in the store). Every lookup is by a unique key through an index. {@code before} bounds what a
 * lookup sees to rows that left memory (or events that were appended) at a log sequence number
 * below it: the fold passes the position of the event it folds, so the answer is a function of
 * the log prefix alone and replay stays deterministic; reads pass {@link Long#MAX_VALUE}.
 */
public interface History {

  /** A finished run by id. */
  Optional<FinishedRun> run(String runId);

  /** The run_key index entry of a finished run's key, if it left memory before {@code before}. */
  Optional<RunKeyRow> runKey(String runKey, long before);

  /**
   * The record of the first applied event with this idempotency key, if the log holds one at a
   * sequence number below {@code before}.
   */
  Optional<IdempotencyRecord> idempotencyRecord(String key, long before);

  /** A settled schedule tick by id. */
  Optional<FinishedTick> tick(String tickId);

  /** An evaluation that left memory, by id. */
  Optional<FinishedEval> evaluation(String evalId);

  /** The evaluation that answered a poll lease ("sensor NUL state version NUL poll epoch"). */
  Optional<FinishedEval> evaluationOfLease(String leaseKey);

  /** No history: every lookup is empty (a fold that never evicted, or pure fold tests). */
  History NONE =
      new History() {
        @Override
        public Optional<FinishedRun> run(String runId) {
          return Optional.empty();
        }

        @Override
        public Optional<RunKeyRow> runKey(String runKey, long before) {
          return Optional.empty();
        }

        @Override
        public Optional<IdempotencyRecord> idempotencyRecord(String key, long before) {
          return Optional.empty();
        }

        @Override
        public Optional<FinishedTick> tick(String tickId) {
          return Optional.empty();
        }

        @Override
        public Optional<FinishedEval> evaluation(String evalId) {
          return Optional.empty();
        }

        @Override
        public Optional<FinishedEval> evaluationOfLease(String leaseKey) {
          return Optional.empty();
        }
      };
}
