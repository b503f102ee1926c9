package io.arco.flow.plan;

import java.util.List;

/**
 * The partitions a backfill selector names for one asset, enumerated lazily in a fixed order: a
 * ten-year hourly range is never materialised to answer its size or one chunk of it. Keys are
 * canonical (api-contract §6.2).
 */
public interface PartitionSpace {
  /** How many partitions the selector names. */
  long size();

  /** The canonical keys at positions {@code [offset, offset + limit)}, clipped to the size. */
  List<String> slice(long offset, int limit);
}
