package io.arco.flow.store;

/**
 * One uploaded attempt log. {@code path} is {@code logs/{run_id}/{task_key}/attempt-{n}.log}; the
 * content is {@code === stdout ===\n...\n=== stderr ===\n...\n}.
 */
public record LogRecord(String path, byte[] content) {}
