package io.arco.flow.store;

/** A serialised {@code FoldSnapshot} taken after folding every event up to {@code sequence}. */
public record StoredSnapshot(long sequence, byte[] bytes) {}
