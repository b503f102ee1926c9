package io.arco.flow.engine;

/**
 * Live output of one attempt's stream read from a byte offset: the text, the offset to read from
 * next, and {@code complete} when the attempt has finished and nothing follows {@code nextOffset}
 * (a reader following the attempt can stop).
 */
public record LiveLogText(String text, long nextOffset, boolean complete) {}
