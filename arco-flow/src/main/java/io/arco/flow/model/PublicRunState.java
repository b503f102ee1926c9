package io.arco.flow.model;

import java.util.Locale;
import java.util.Optional;

/** Run state as the HTTP API shows it (api-contract §4.1). {@code TIMED_OUT} is never produced. */
public enum PublicRunState {
  PENDING,
  RUNNING,
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
  }

  /** Parses the SCREAMING spelling used by the {@code state} filter; empty when unknown. */
  public static Optional<PublicRunState> parse(String s) {
    try {
      return Optional.of(valueOf(s.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
