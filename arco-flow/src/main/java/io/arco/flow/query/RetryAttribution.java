package io.arco.flow.query;

/** Why a task is on a later attempt: {@code retries = attempt − 1}, reason {@code prior_attempt_failed}. */
public record RetryAttribution(int retries, String reason) {
  public static final String PRIOR_ATTEMPT_FAILED = "prior_attempt_failed";
}
