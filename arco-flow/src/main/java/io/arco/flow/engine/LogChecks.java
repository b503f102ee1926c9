package io.arco.flow.engine;

import io.arco.flow.event.EventTypes;
import io.arco.flow.event.UnknownEvent;
import io.arco.flow.fold.FoldSnapshot;
import io.arco.flow.model.Scope;
import io.arco.flow.store.StoredEvent;
import io.arco.flow.store.StoredSnapshot;
import io.arco.flow.store.codec.SnapshotCodec;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a workspace's load makes on what it reads from the store (decisions §3): its snapshot
 * is not ahead of its log, the events it folds follow each other without a gap up to the head, and
 * each applies (an event of an unknown type excepted: a newer version wrote it). A failure is a
 * {@link LogIntegrityException}: nothing is silently dropped. An unreadable snapshot is not a
 * failure: it is skipped with one warning and the log is folded from the start.
 *
 * <p>Only what the load reads is checked: a gap before the snapshot it starts from stays unseen
 * until a load folds the whole log (no readable snapshot).
 */
final class LogChecks {
  private static final Logger LOG = LoggerFactory.getLogger(LogChecks.class);

  private LogChecks() {}

  /** The snapshot was taken at most at the log's head. */
  static void snapshotNotAhead(Scope scope, StoredSnapshot snapshot, long head) {
    if (snapshot.sequence() > head) {
      throw new LogIntegrityException(
          scope,
          snapshot.sequence(),
          "the latest snapshot is ahead of the log, whose head is " + head);
    }
  }

  /** The decoded snapshot, or empty (with one warning) when its bytes cannot be decoded. */
  static Optional<FoldSnapshot> decode(Scope scope, StoredSnapshot snapshot) {
    try {
      return Optional.of(SnapshotCodec.decode(snapshot.bytes()));
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: the snapshot at sequence {} cannot be read ({}); rebuilding from the log",
          scope,
          snapshot.sequence(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code e}, folded after the event at {@code previous}, follows it and {@code applied}. */
  static void folded(Scope scope, StoredEvent e, long previous, boolean applied) {
    if (e.sequence() != previous + 1) {
      throw new LogIntegrityException(
          scope,
          previous + 1,
          "the event is missing (the log goes from sequence " + previous + " to " + e.sequence() + ")");
    }
    if (!applied && !(e.envelope().data() instanceof UnknownEvent)) {
      throw new LogIntegrityException(
          scope,
          e.sequence(),
          "the stored event "
              + e.envelope().eventId()
              + " ("
              + EventTypes.typeName(e.envelope().data())
              + ") does not apply on replay");
    }
  }

  /** The fold reached the head the store reported before it started. */
  static void reachedHead(Scope scope, long last, long head) {
    if (last < head) {
      throw new LogIntegrityException(
          scope,
          last + 1,
          "the event is missing (the log ends at sequence " + last + " but its head is " + head + ")");
    }
  }
}
