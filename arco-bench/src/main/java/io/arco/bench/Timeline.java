package io.arco.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the HTTP workers did during one run ({@code --timeline}): for each poll that leased tasks,
 * when it was sent, when its tasks came back, how many, and when the reports of those tasks were
 * answered, in milliseconds from the run's start. It shows where a layer's time goes: waiting in
 * the poll for the layer to become ready, or the report round trip.
 */
final class Timeline {
  /** One poll that leased tasks, times in nanoseconds from {@link #start()}. */
  record Poll(int worker, long sent, long answered, int tasks, long reported) {}

  private final ConcurrentLinkedQueue<Poll> polls = new ConcurrentLinkedQueue<>();
  private volatile long start = System.nanoTime();

  /** Forgets what was recorded and starts the clock again (at each run's start). */
  void start() {
    polls.clear();
    start = System.nanoTime();
  }

  /** Records one poll by its {@link System#nanoTime()} readings; empty polls are not kept. */
  void record(int worker, long sent, long answered, int tasks, long reported) {
    if (tasks > 0) {
      polls.add(new Poll(worker, sent - start, answered - start, tasks, reported - start));
    }
  }

  List<Poll> polls() {
    List<Poll> out = new ArrayList<>(polls);
    out.sort(Comparator.comparingLong(Poll::answered).thenComparingInt(Poll::worker));
    return out;
  }

  /** The polls as CSV, by the time their tasks came back. */
  String csv() {
    StringBuilder b = new StringBuilder("worker,poll_sent_ms,tasks_back_ms,tasks,reports_answered_ms\n");
    for (Poll p : polls()) {
      b.append(String.format(
          Locale.ROOT, "%d,%.3f,%.3f,%d,%.3f%n", p.worker(), p.sent() / 1e6, p.answered() / 1e6, p.tasks(),
          p.reported() / 1e6));
    }
    return b.toString();
  }

  /**
   * One line: how many polls leased tasks, the median and 90th percentile of the wait in a poll
   * (sent → tasks back) and of the reports' round trip (tasks back → reports answered).
   */
  String summary() {
    List<Poll> all = polls();
    if (all.isEmpty()) {
      return "no poll leased a task";
    }
    long[] waits = all.stream().mapToLong(p -> p.answered() - p.sent()).sorted().toArray();
    long[] reports = all.stream().mapToLong(p -> p.reported() - p.answered()).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "%d polls leased tasks; wait in the poll p50 %.2f ms, p90 %.2f ms; reports round trip p50 %.2f ms, p90 %.2f ms",
        all.size(), Stats.percentile(waits, 50) / 1e6, Stats.percentile(waits, 90) / 1e6,
        Stats.percentile(reports, 50) / 1e6, Stats.percentile(reports, 90) / 1e6);
  }
}
