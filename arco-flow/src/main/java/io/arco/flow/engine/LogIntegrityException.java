package io.arco.flow.engine;

import io.arco.flow.model.Scope;

/**
 * A workspace's stored log cannot be trusted: a gap in its sequence, a snapshot ahead of its head,
 * or a stored event that no longer applies (decisions §3). Raised while loading the workspace,
 * which stops start-up; the message names the workspace and the sequence number.
 */
public final class LogIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LogIntegrityException(Scope scope, long sequence, String problem) {
    super(
        "store check failed for workspace " + scope + " at sequence " + sequence + ": " + problem,
        null,
        false,
        false);
  }
}
