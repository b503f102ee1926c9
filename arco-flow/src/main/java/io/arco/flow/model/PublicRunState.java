package io.arco.flow.model;

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

  /**
   * Parses the exact SCREAMING spelling used by the {@code state} filter (as the reference's enum
   * deserialiser does); empty when unknown or differently cased.
   */
  public static Optional<PublicRunState> parse(String s) {
    for (PublicRunState v : values()) {
      if (v.name().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
