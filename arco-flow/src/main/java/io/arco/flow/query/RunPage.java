package io.arco.flow.query;

import java.util.List;

/** One page of runs; {@code hasMore} says whether a next page exists after the last item. */
public record RunPage(List<RunListItem> runs, boolean hasMore) {}
