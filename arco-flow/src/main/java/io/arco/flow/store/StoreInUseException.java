package io.arco.flow.store;

import io.arco.flow.error.StoreException;

/**
 * Another process (or another open store in this one) holds the store's lock: one process per
 * SQLite store (decisions §3). The message is the operator's: {@code store in use by another
 * process (pid N)}.
 */
public final class StoreInUseException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreInUseException(String holderPid) {
    super("store in use by another process (pid " + holderPid + ")");
  }
}
