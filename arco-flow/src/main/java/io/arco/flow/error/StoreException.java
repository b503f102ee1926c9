package io.arco.flow.error;

/** A storage failure (I/O, SQL, corruption). Nothing of the failed call was written. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
