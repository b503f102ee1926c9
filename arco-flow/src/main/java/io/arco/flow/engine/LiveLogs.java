package io.arco.flow.engine;

import io.arco.flow.error.FlowException;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TaskState;
import io.arco.flow.query.RunView;
import io.arco.flow.query.TaskView;
import io.arco.flow.store.LogRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live output of running attempts (an addition to api-contract §3.6/§3.7, which store an attempt's
 * logs only once it ends): a worker appends its command's stdout and stderr in chunks while the
 * attempt runs, and readers read a stream from a byte offset while it grows.
 *
 * <p>Chunks live in the store's log table like uploaded logs (decisions §3), each at {@code
 * live/{runId}/{taskKey}/attempt-{n}/{stream}/{start offset, 8 digits}}; the contract's log reads
 * list {@code logs/{runId}/} and never see them. A chunk is stored only where the stream ends, and
 * the store keeps one object per path, so a stream is one unbroken sequence of chunks even when a
 * chunk is resent or two nodes take chunks of one stream: offsets make appends idempotent. The
 * bytes are UTF-8 and offsets count bytes; a chunk is whole characters.
 *
 * <p>Bounds: a chunk holds at most {@value #MAX_CHUNK_BYTES} bytes; an attempt's live output
 * (both streams) at most {@value #MAX_ATTEMPT_BYTES} bytes, the limit of an uploaded attempt log; a
 * read answers at most {@value #READ_BUDGET} bytes.
 */
final class LiveLogs {
  static final int MAX_CHUNK_BYTES = 65_536;
  static final long MAX_ATTEMPT_BYTES = 2_097_152;
  static final int READ_BUDGET = 1_048_576;
  private static final int PAGE = 256;
  private static final int CACHED_STREAMS = 4_096;

  private final Workspaces workspaces;
  private final RunService runs;

  /**
   * Where each recently appended stream ends, as a hint that spares a scan of its chunks per
   * append. It never overstates an end (ends only grow, and only stored or scanned ends are kept),
   * and every write is checked by the store's one-object-per-path rule, so a stale hint costs a
   * scan, never a wrong chunk.
   */
  private final Map<String, Long> ends =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CACHED_STREAMS;
        }
      };

  LiveLogs(Workspaces workspaces, RunService runs) {
    this.workspaces = workspaces;
    this.runs = runs;
  }

  /** Rejects a chunk's offset or text before anything is looked up. */
  static void checkChunk(long offset, String text) {
    if (offset < 0 || offset > MAX_ATTEMPT_BYTES) {
      throw FlowException.invalid("Invalid offset: must be between 0 and " + MAX_ATTEMPT_BYTES);
    }
    if (text.isEmpty()) {
      throw FlowException.invalid("Invalid text: must not be empty");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_CHUNK_BYTES) {
      throw FlowException.invalid("Invalid text: a chunk holds at most " + MAX_CHUNK_BYTES + " bytes");
    }
  }

  /**
   * Appends {@code text} at byte {@code offset} of the stream. A chunk at the stream's end is
   * stored; one whose bytes are all held already stores nothing; one that overlaps the end stores
   * only its new part; one past the end is 400 (a gap).
   */
  LiveLogAck append(
      Scope scope, String runId, String taskKey, int attempt, LogStream stream, long offset, String text) {
    checkChunk(offset, text);
    String prefix = prefix(runId, taskKey, attempt, stream);
    String other = prefix(runId, taskKey, attempt, stream == LogStream.STDOUT ? LogStream.STDERR : LogStream.STDOUT);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long at = offset;
    Optional<Long> hint = hint(scope, prefix);
    boolean fresh = hint.isEmpty();
    long end = hint.orElseGet(() -> scanEnd(scope, prefix));
    for (int round = 0; round < 8; round++) {
      if (!fresh && at != end) {
        // The hint may lag behind chunks another node stored: decide on what the store holds.
        end = scanEnd(scope, prefix);
        fresh = true;
        continue;
      }
      if (at > end) {
        throw FlowException.invalid(
            "Invalid offset: the stream holds " + end + " bytes, so the next chunk starts at " + end + ", not " + at);
      }
      if (at + bytes.length <= end) {
        return new LiveLogAck(false, end);
      }
      if (at < end) {
        int cut = (int) (end - at);
        if (isContinuation(bytes[cut])) {
          throw FlowException.invalid(
              "Invalid offset: byte " + end + " where the stream ends is inside a character of this chunk");
        }
        bytes = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
        at = end;
      }
      long otherEnd = hint(scope, other).orElseGet(() -> scanEnd(scope, other));
      if (at + bytes.length + otherEnd > MAX_ATTEMPT_BYTES) {
        throw FlowException.invalid(
            "Invalid text: an attempt's live output is limited to " + MAX_ATTEMPT_BYTES + " bytes");
      }
      if (workspaces.store.putLog(scope, new LogRecord(path(prefix, at), bytes))) {
        remember(scope, prefix, at + bytes.length);
        return new LiveLogAck(true, at + bytes.length);
      }
      // Another request stored a chunk here first.
      end = scanEnd(scope, prefix);
      fresh = true;
    }
    throw FlowException.conflict("live log of this attempt is being appended concurrently; retry the chunk");
  }

  /**
   * Reads a stream of attempt {@code attempt} of task {@code taskKey} from byte {@code offset}.
   * Whether the attempt has finished is decided before the chunks are read, so a complete answer
   * holds every chunk a worker sent before it reported the attempt's end.
   *
   * @throws FlowException 400 for an invalid task key, attempt or offset (also an offset past the
   *     stream's end), 404 for an unknown run or a task the run does not have
   */
  LiveLogText read(
      Scope scope, String runId, String taskKey, int attempt, LogStream stream, long offset) {
    LogService.validateTaskKey(taskKey);
    if (attempt < 1) {
      throw FlowException.invalid("attempt must be >= 1");
    }
    if (offset < 0) {
      throw FlowException.invalid("offset must be >= 0");
    }
    RunView run = runs.getRun(scope, runId);
    TaskView task =
        run.tasks().stream()
            .filter(t -> t.taskKey().equals(taskKey))
            .findFirst()
            .orElseThrow(() -> FlowException.notFound("task not found: " + taskKey));
    boolean finished = run.state().isTerminal() || attemptFinished(task, attempt);
    String prefix = prefix(runId, taskKey, attempt, stream);
    // A chunk holds at most MAX_CHUNK_BYTES, so the chunk holding (or ending at) the offset starts
    // no earlier than this.
    long from = Math.max(0, offset - MAX_CHUNK_BYTES);
    Optional<String> after = from == 0 ? Optional.empty() : Optional.of(path(prefix, from - 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long position = offset;
    boolean reached = offset == 0;
    boolean more = false;
    pages:
    while (true) {
      List<LogRecord> page = workspaces.store.logs(scope, prefix, after, PAGE);
      for (LogRecord c : page) {
        long start = startOf(prefix, c);
        long end = start + c.content().length;
        if (end <= position) {
          reached |= end == position;
          continue;
        }
        if (start > position) {
          break pages;
        }
        int skip = (int) (position - start);
        while (skip < c.content().length && isContinuation(c.content()[skip])) {
          skip++;
        }
        int take = c.content().length - skip;
        if (out.size() > 0 && out.size() + take > READ_BUDGET) {
          more = true;
          break pages;
        }
        out.write(c.content(), skip, take);
        position = end;
        reached = true;
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).path());
    }
    if (!reached) {
      throw FlowException.invalid("offset " + offset + " is beyond the end of the stream");
    }
    return new LiveLogText(out.toString(StandardCharsets.UTF_8), position, finished && !more);
  }

  /**
   * Whether attempt {@code attempt} of the task has ended: an earlier attempt than the current one,
   * or the current one once it is no longer leased or running (completed, timed out, cancelled).
   */
  private static boolean attemptFinished(TaskView task, int attempt) {
    if (attempt < task.attempt()) {
      return true;
    }
    return attempt == task.attempt()
        && task.internalState() != TaskState.DISPATCHED
        && task.internalState() != TaskState.RUNNING;
  }

  private Optional<Long> hint(Scope scope, String prefix) {
    synchronized (ends) {
      return Optional.ofNullable(ends.get(key(scope, prefix)));
    }
  }

  private void remember(Scope scope, String prefix, long end) {
    synchronized (ends) {
      ends.merge(key(scope, prefix), end, Math::max);
    }
  }

  /** The stream's end as stored: the end of its last chunk, 0 when it has none. */
  private long scanEnd(Scope scope, String prefix) {
    long end = 0;
    Optional<String> after = Optional.empty();
    while (true) {
      List<LogRecord> page = workspaces.store.logs(scope, prefix, after, PAGE);
      if (!page.isEmpty()) {
        LogRecord last = page.get(page.size() - 1);
        end = startOf(prefix, last) + last.content().length;
        after = Optional.of(last.path());
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    remember(scope, prefix, end);
    return end;
  }

  private static String key(Scope scope, String prefix) {
    return scope.tenant() + "/" + scope.workspace() + "/" + prefix;
  }

  static String prefix(String runId, String taskKey, int attempt, LogStream stream) {
    return "live/" + runId + "/" + taskKey + "/attempt-" + attempt + "/" + stream.wire() + "/";
  }

  private static String path(String prefix, long start) {
    return prefix + String.format("%08d", start);
  }

  private static long startOf(String prefix, LogRecord r) {
    return Long.parseLong(r.path().substring(prefix.length()));
  }

  /** A UTF-8 continuation byte ({@code 10xxxxxx}): not the first byte of a character. */
  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
