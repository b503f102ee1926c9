package io.arco.api.http;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a generic list (api-contract §1.5: schedules, ticks, sensors, evals, backfills,
 * chunks, partitions, staleness) and the cursor of the next one. Every generic list reads its
 * {@code cursor} the contract's ways (decisions §7.9): a key cursor resumes strictly after its key
 * tuple, whose arity must be the list's; a purely numeric cursor is a legacy offset, the number of
 * items to skip from the start. The next cursor is always a key cursor of the page's last item.
 */
public record ListPage<T>(List<T> items, Optional<String> nextCursor) {
  /** Items skipped per read while walking to a legacy offset. */
  private static final int SKIP_BATCH = 200;

  public ListPage {
    items = List.copyOf(items);
  }

  /**
   * One read of the list: up to {@code limit + 1} items in the list's order, strictly after the
   * key tuple when given, else from the start (the extra item says more remain). It throws 400
   * {@code invalid cursor} for keys it cannot read.
   */
  @FunctionalInterface
  public interface Read<T> {
    List<T> after(Optional<List<String>> keys, int limit);
  }

  /**
   * The page {@code cursor} asks for. {@code keysOf} gives an item's sort tuple as cursor keys
   * ({@code arity} of them, time keys as {@link Cursors#timeKey}); a legacy offset walks the list
   * from the start with it, a bounded read at a time.
   */
  public static <T> ListPage<T> of(
      Optional<String> cursor, int arity, int limit, Read<T> reader, Function<T, List<String>> keysOf) {
    Optional<List<String>> after = Optional.empty();
    if (cursor.isPresent()) {
      Cursors.Decoded d = Cursors.decode(cursor.get());
      if (d.isOffset()) {
        Optional<Optional<List<String>>> skipped = skip(d.offset(), reader, keysOf);
        if (skipped.isEmpty()) {
          return new ListPage<>(List.of(), Optional.empty());
        }
        after = skipped.get();
      } else if (d.keys().size() != arity) {
        throw ApiException.badRequest("invalid cursor");
      } else {
        after = Optional.of(d.keys());
      }
    }
    List<T> read = reader.after(after, limit);
    List<T> page = read.subList(0, Math.min(limit, read.size()));
    Optional<String> next =
        read.size() > limit
            ? Optional.of(Cursors.encodeKeys(keysOf.apply(page.get(page.size() - 1))))
            : Optional.empty();
    return new ListPage<>(page, next);
  }

  /**
   * Where the page at {@code offset} starts: after the key tuple of the item before it (no tuple
   * for offset 0); nothing when the list holds fewer than {@code offset} items.
   */
  private static <T> Optional<Optional<List<String>>> skip(
      long offset, Read<T> reader, Function<T, List<String>> keysOf) {
    Optional<List<String>> after = Optional.empty();
    long left = offset;
    while (left > 0) {
      int batch = (int) Math.min(left, SKIP_BATCH);
      List<T> items = reader.after(after, batch);
      if (items.size() < batch) {
        return Optional.empty();
      }
      after = Optional.of(keysOf.apply(items.get(batch - 1)));
      left -= batch;
    }
    return Optional.of(after);
  }
}
