package io.arco.flow.query;

/**
 * Task counts of a run view: total and the terminal counts come from the run's fold counters;
 * pending, queued and running are counted from task rows by their public state.
 */
public record TaskCounts(
    int total,
    int pending,
    int queued,
    int running,
    int succeeded,
    int failed,
    int skipped,
    int cancelled) {}
