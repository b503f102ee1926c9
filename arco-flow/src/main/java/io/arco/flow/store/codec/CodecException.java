package io.arco.flow.store.codec;

import io.arco.flow.error.StoreException;

/**
 * Bytes that are not a valid encoding (a corrupt log row or snapshot), or a value the canonical
 * form cannot hold (such as a floating-point number).
 */
public final class CodecException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
