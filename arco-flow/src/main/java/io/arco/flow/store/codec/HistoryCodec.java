package io.arco.flow.store.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.arco.flow.fold.FinishedRun;
import io.arco.flow.fold.RunKeyRow;
import java.io.IOException;

/**
 * Encodes the history rows the stores keep beside the log ({@link FinishedRun} and its {@link
 * RunKeyRow}) with the rules of {@link CodecMapper}: snake_case JSON, the same row shapes as a
 * snapshot's, so the same run gives the same bytes whether it was evicted live or by a rebuild.
 */
public final class HistoryCodec {
  private HistoryCodec() {}

  public static byte[] encode(FinishedRun run) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(run);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode finished run " + run.runId(), e);
    }
  }

  public static FinishedRun decodeRun(byte[] bytes) {
    try {
      FinishedRun r = CodecMapper.mapper().readValue(bytes, FinishedRun.class);
      if (r == null) {
        throw new CodecException("a finished run must be a JSON object");
      }
      return r;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed finished run", e);
    }
  }

  public static byte[] encode(io.arco.flow.fold.RunRow row) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(row);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode run " + row.runId(), e);
    }
  }

  public static io.arco.flow.fold.RunRow decodeRunRow(byte[] bytes) {
    try {
      io.arco.flow.fold.RunRow r = CodecMapper.mapper().readValue(bytes, io.arco.flow.fold.RunRow.class);
      if (r == null) {
        throw new CodecException("a run row must be a JSON object");
      }
      return r;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed run row", e);
    }
  }

  public static byte[] encode(io.arco.flow.fold.FinishedTick tick) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(tick);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode tick " + tick.tickId(), e);
    }
  }

  public static io.arco.flow.fold.FinishedTick decodeTick(byte[] bytes) {
    try {
      io.arco.flow.fold.FinishedTick t =
          CodecMapper.mapper().readValue(bytes, io.arco.flow.fold.FinishedTick.class);
      if (t == null) {
        throw new CodecException("a tick must be a JSON object");
      }
      return t;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed tick", e);
    }
  }

  public static byte[] encode(io.arco.flow.fold.FinishedEval eval) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(eval);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode evaluation " + eval.evalId(), e);
    }
  }

  public static io.arco.flow.fold.FinishedEval decodeEval(byte[] bytes) {
    try {
      io.arco.flow.fold.FinishedEval e =
          CodecMapper.mapper().readValue(bytes, io.arco.flow.fold.FinishedEval.class);
      if (e == null) {
        throw new CodecException("an evaluation must be a JSON object");
      }
      return e;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed evaluation", e);
    }
  }

  public static byte[] encode(RunKeyRow row) {
    try {
      return CodecMapper.mapper().writeValueAsBytes(row);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot encode run key " + row.runKey(), e);
    }
  }

  public static RunKeyRow decodeRunKey(byte[] bytes) {
    try {
      RunKeyRow r = CodecMapper.mapper().readValue(bytes, RunKeyRow.class);
      if (r == null) {
        throw new CodecException("a run key row must be a JSON object");
      }
      return r;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new CodecException("malformed run key row", e);
    }
  }
}
