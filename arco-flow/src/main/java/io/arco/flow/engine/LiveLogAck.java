package io.arco.flow.engine;

/**
 * The answer to a live-log chunk: whether any of its bytes were new ({@code stored}; a chunk
 * resent for a range already held stores nothing) and the byte offset the stream now ends at,
 * where the worker's next chunk starts.
 */
public record LiveLogAck(boolean stored, long nextOffset) {}
