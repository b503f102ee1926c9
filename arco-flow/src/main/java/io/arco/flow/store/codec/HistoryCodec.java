package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.arco.flow.fold.FinishedEval;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.FinishedTick;
import io.arco.flow.fold.RunKeyRow;
import io.arco.flow.fold.RunRow;
import java.io.IOException;

/**
 * Encodes the history rows the stores keep beside the log ({@link FinishedRun}, its {@link RunRow}
 * and {@link RunKeyRow}, {@link FinishedTick}, {@link FinishedEval}) with the rules of {@link
 * CodecMapper}: snake_case JSON, the same row shapes as a snapshot's, so the same row gives the
 * same bytes whether it left memory live or by a rebuild. A run's edges are stored grouped ({@link
 * StoredRun}).
 */
public final class HistoryCodec {
  private HistoryCodec() {}

  /** The canonical bytes of a history row (one of the record types above). */
  public static byte[] encode(Record row) {
    try {
      Object stored = row instanceof FinishedRun run ? StoredRun.of(run) : row;
      return CodecMapper.mapper().writeValueAsBytes(stored);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode " + row.getClass().getSimpleName(), e);
    }
  }

  /** Decodes a run written by {@link #encode}, in its grouped-edge form or the older one. */
  public static FinishedRun decodeRun(byte[] bytes) {
    try {
      return decode(bytes, StoredRun.class).toFinishedRun();
    } catch (NullPointerException e) {
      throw new CodecException("malformed FinishedRun", e);
    }
  }

  public static RunRow decodeRunRow(byte[] bytes) {
    return decode(bytes, RunRow.class);
  }

  public static RunKeyRow decodeRunKey(byte[] bytes) {
    return decode(bytes, RunKeyRow.class);
  }

  public static FinishedTick decodeTick(byte[] bytes) {
    return decode(bytes, FinishedTick.class);
  }

  public static FinishedEval decodeEval(byte[] bytes) {
    return decode(bytes, FinishedEval.class);
  }

  private static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      T row = CodecMapper.mapper().readValue(bytes, type);
      if (row == null) {
        throw new CodecException("a " + type.getSimpleName() + " must be a JSON object");
      }
      return row;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed " + type.getSimpleName(), e);
    }
  }
}
