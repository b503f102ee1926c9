package io.arco.api.localworker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one output file of a running command to the server as live-log chunks ({@code POST
 * /api/v1/tasks/{taskId}/logs/live}): each {@link #flush} sends what the command wrote since the
 * last one, in chunks of at most 64 KiB of whole characters, at the offset where the stream ends.
 * A chunk that failed on the network is sent again from the same offset next time (the server
 * stores resent bytes once). A refusal (the attempt ended, the 2 MiB budget is spent, a server
 * without the route) ends streaming for this file; the log upload at the end still carries the
 * output.
 */
final class LiveOutput {
  private static final Logger LOG = LoggerFactory.getLogger(LiveOutput.class);
  static final int MAX_CHUNK = 65_536;
  private static final int CHUNKS_PER_FLUSH = 8;

  private final ArcoClient client;
  private final String path;
  private final int attempt;
  private final String stream;
  private final Path file;
  private final Supplier<Map<String, String>> auth;
  /** Bytes of the file already sent. */
  private long read;
  /** Bytes (UTF-8) of the stream on the server: the offset of the next chunk. */
  private long offset;
  private boolean stopped;

  LiveOutput(
      ArcoClient client, String taskPath, int attempt, String stream, Path file, Supplier<Map<String, String>> auth) {
    this.client = client;
    this.path = taskPath + "/logs/live";
    this.attempt = attempt;
    this.stream = stream;
    this.file = file;
    this.auth = auth;
  }

  /**
   * Sends what the command wrote since the last flush. While the command runs ({@code last}
   * false) an incomplete character at the end of the file waits for the next flush; the last
   * flush sends everything, as far as the budget allows.
   */
  void flush(boolean last) {
    for (int i = 0; i < (last ? Integer.MAX_VALUE : CHUNKS_PER_FLUSH) && !stopped; i++) {
      byte[] bytes = readNext();
      int usable = last && bytes.length < MAX_CHUNK ? bytes.length : wholeCharacters(bytes);
      if (usable == 0) {
        return;
      }
      if (!send(new String(bytes, 0, usable, StandardCharsets.UTF_8), usable)) {
        return;
      }
    }
  }

  private byte[] readNext() {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_CHUNK, Math.max(0, ch.size() - read)));
      while (buf.hasRemaining()) {
        if (ch.read(buf, read + buf.position()) < 0) {
          break;
        }
      }
      return Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", file, e.toString());
      return new byte[0];
    }
  }

  /** True when the chunk was taken; false to stop this flush (failed now, or for good). */
  private boolean send(String text, int consumed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attempt", attempt);
    body.put("stream", stream);
    body.put("offset", offset);
    body.put("text", text);
    try {
      ArcoClient.Response r = client.post(path, body, auth.get(), Duration.ofSeconds(30));
      if (r.status() != 200) {
        LOG.debug("live {} of {} refused ({}): {}; streaming stops", stream, path, r.status(), r.body());
        stopped = true;
        return false;
      }
      long sent = text.getBytes(StandardCharsets.UTF_8).length;
      read += consumed;
      offset += sent;
      long next = r.body().path("nextOffset").asLong(offset);
      if (next != offset) {
        LOG.debug("live {} of {} is at {} on the server, {} here; streaming stops", stream, path, next, offset);
        stopped = true;
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.debug("live {} of {} not sent: {}", stream, path, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
      return false;
    }
  }

  /**
   * How many leading bytes of {@code b} are whole UTF-8 characters: all but an incomplete sequence
   * at the end.
   */
  static int wholeCharacters(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int lead = b[n - back] & 0xFF;
      if ((lead & 0xC0) == 0x80) {
        continue; // a continuation byte: look further back for the lead byte
      }
      int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      return length > back ? n - back : n;
    }
    return n;
  }
}
