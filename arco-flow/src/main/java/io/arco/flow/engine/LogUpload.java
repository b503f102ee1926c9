package io.arco.flow.engine;

/** Where an uploaded attempt log was stored and its size in bytes. */
public record LogUpload(String path, long sizeBytes) {}
