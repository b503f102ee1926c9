package io.arco.flow.fold;

/**
 * A schedule tick that settled and left memory (decisions §3): skipped or failed at once, or
 * triggered once its run request was folded. {@code status} is the API's spelling ({@code
 * TRIGGERED}, {@code SKIPPED}, {@code FAILED}), the tick history's filter; {@code endedAt} the log
 * sequence number of the event that settled it.
 */
public record FinishedTick(long endedAt, ScheduleTickRow tick, String status) {
  public String tickId() {
    return tick.tickId();
  }

  static String statusOf(ScheduleTickRow t) {
    return switch (t.status()) {
      case io.arco.flow.event.TickStatus.Triggered x -> "TRIGGERED";
      case io.arco.flow.event.TickStatus.Skipped x -> "SKIPPED";
      case io.arco.flow.event.TickStatus.Failed x -> "FAILED";
    };
  }
}
