package io.arco.flow.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The two rerun modes (api-contract §3.4, flow-model part 3 §4) with their wire spellings: the
 * request's camelCase {@code mode} ({@code fromFailure}, {@code subset}), the SCREAMING kind of the
 * {@code arco.rerun.kind} label, the response's {@code rerunKind} and the fingerprint payloads
 * ({@link #name()}), the derived run-key segment ({@code from_failure}, {@code subset}) and the
 * response's {@code rerunReason}.
 */
public enum RerunMode {
  FROM_FAILURE("fromFailure", "from_failure", "from_failure_unsucceeded_tasks"),
  SUBSET("subset", "subset", "subset_selection");

  private final String requestName;
  private final String keySegment;
  private final String reason;

  RerunMode(String requestName, String keySegment, String reason) {
    this.requestName = requestName;
    this.keySegment = keySegment;
    this.reason = reason;
  }

  /** The mode of a request's {@code mode} field; empty for anything but the exact spellings. */
  public static Optional<RerunMode> parse(String requestName) {
    return Arrays.stream(values()).filter(m -> m.requestName.equals(requestName)).findFirst();
  }

  /**
   * The mode of an {@code arco.rerun.kind} label value; empty unless it is exactly {@code
   * FROM_FAILURE} or {@code SUBSET} (the read side ignores other values).
   */
  public static Optional<RerunMode> fromKind(String kind) {
    return Arrays.stream(values()).filter(m -> m.name().equals(kind)).findFirst();
  }

  /** The request spelling: {@code fromFailure} or {@code subset}. */
  public String requestName() {
    return requestName;
  }

  /** The label, response and fingerprint spelling: {@code FROM_FAILURE} or {@code SUBSET}. */
  public String kind() {
    return name();
  }

  /** The derived run key's segment: {@code from_failure} or {@code subset}. */
  public String keySegment() {
    return keySegment;
  }

  /** The response's {@code rerunReason}. */
  public String reason() {
    return reason;
  }
}
