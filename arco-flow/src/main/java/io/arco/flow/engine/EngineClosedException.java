package io.arco.flow.engine;

/** The engine is shutting down and accepts no more commands (the api answers 503). */
public final class EngineClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineClosedException() {
    super("engine is shutting down", null, false, false);
  }
}
