package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.arco.flow.fold.FoldSnapshot;
import java.io.IOException;

/**
 * Encodes a {@link FoldSnapshot} to canonical JSON bytes and back, with the rules of {@link
 * CodecMapper}. Field names are snake_case at every level ({@code format_version}, {@code runs},
 * {@code run_id}, {@code row_version}, …), the projection column names of flow-model part 2, so a
 * snapshot reads like the events that built it. The snapshot's lists are already sorted by primary
 * key, so the same snapshot always gives identical bytes: "rebuild equals live" can compare bytes.
 * The caller checks {@link FoldSnapshot#formatVersion()} and refolds the log when it is not one it
 * understands.
 */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  /** The canonical bytes of a snapshot. */
  public static byte[] encode(FoldSnapshot snapshot) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(snapshot);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode snapshot", e);
    }
  }

  /** Decodes bytes written by {@link #encode}. */
  public static FoldSnapshot decode(byte[] bytes) {
    try {
      FoldSnapshot s = CodecMapper.mapper().readValue(bytes, FoldSnapshot.class);
      if (s == null) {
        throw new CodecException("a snapshot must be a JSON object");
      }
      return s;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed snapshot", e);
    }
  }
}
