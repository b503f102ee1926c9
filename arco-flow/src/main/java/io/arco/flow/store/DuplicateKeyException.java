package io.arco.flow.store;

import io.arco.flow.error.StoreException;

/**
 * The log already holds an event with one of the batch's idempotency keys, or a request record with
 * the same key. The writer checks keys before appending, so for events this is a bug, never a user
 * error. Nothing of the batch was written.
 */
public final class DuplicateKeyException extends StoreException {
  private static final long serialVersionUID = 1L;

  public DuplicateKeyException(String message) {
    super(message);
  }
}
