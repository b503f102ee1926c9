package io.arco.flow.store;

import io.arco.flow.error.StoreException;

/**
 * An append refused because the appending node no longer holds the workspace's writer lease at the
 * epoch it was fenced with (decisions §7.11): another node took the lease over, or the node never
 * held it. Nothing was written.
 */
public final class FencedAppendException extends StoreException {
  private static final long serialVersionUID = 1L;

  public FencedAppendException(String message) {
    super(message);
  }
}
