package io.arco.flow.engine;

import java.util.Optional;

/** A page of concatenated run logs; {@code nextAfterPath} is set when another page may exist. */
public record LogPage(String body, Optional<String> nextAfterPath) {}
