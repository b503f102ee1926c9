package io.arco.flow.query;

import io.arco.flow.model.AttemptFailure;
import java.util.Optional;

/**
 * Why a task is on a later attempt: {@code retries = attempt − 1}, reason {@code
 * prior_attempt_failed}, and the prior attempt's error when it reported one (an Arco addition).
 */
public record RetryAttribution(int retries, String reason, Optional<AttemptFailure> priorAttemptError) {
  public static final String PRIOR_ATTEMPT_FAILED = "prior_attempt_failed";
}
