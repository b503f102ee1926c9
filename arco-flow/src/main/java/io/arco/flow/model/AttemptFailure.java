package io.arco.flow.model;

import java.util.Optional;

/** Why one attempt of a task failed: its error category (when structured) and message. */
public record AttemptFailure(int attempt, Optional<ErrorCategory> category, String message) {}
