package io.arco.flow.model;

/**
 * What a schedule does with a tick while the previous tick's run is not terminal (decisions §6.8):
 * {@code ALLOW} (the default) triggers it anyway, {@code SKIP} records it skipped with reason
 * {@code overlap}.
 */
public enum OverlapPolicy {
  ALLOW,
  SKIP
}
