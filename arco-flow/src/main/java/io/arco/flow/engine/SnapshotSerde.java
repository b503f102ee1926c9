package io.arco.flow.engine;

import io.arco.flow.fold.FoldSnapshot;

/** Turns fold snapshots into stored bytes and back (the store's canonical codec). */
public interface SnapshotSerde {
  byte[] encode(FoldSnapshot snapshot);

  FoldSnapshot decode(byte[] bytes);
}
