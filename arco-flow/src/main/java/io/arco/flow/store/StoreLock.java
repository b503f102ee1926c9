package io.arco.flow.store;

import io.arco.flow.error.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of one SQLite store (decisions §3: one process per store): an OS file lock on
 * a lock file beside the database, which holds the holder's pid so a refused process can name it.
 * The OS releases the lock when the holder dies, so a crash never leaves a stale lock; the file
 * itself stays (deleting it would let two processes lock two different files of the same name).
 *
 * <p>Within one JVM the OS lock cannot be tested twice: closing any channel on the file drops every
 * lock this process holds on it. So this JVM's locks are kept in {@link #HELD}, checked before the
 * file is opened, and the same refusal names this process's pid.
 */
final class StoreLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
  /** Channels that must stay open because closing them would drop another holder's lock. */
  private static final List<FileChannel> KEPT_OPEN = new ArrayList<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code lockFile} (created {@code 0600} if absent; its directory must exist) and writes
   * this process's pid into it.
   *
   * @throws StoreInUseException if another process, or another store of this process, holds it
   * @throws StoreException if the file cannot be opened or locked
   */
  static StoreLock acquire(Path lockFile) {
    Path file;
    try {
      PrivateFiles.createFile(lockFile);
      file = lockFile.toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot create the lock file " + lockFile + ": " + e.getMessage(), e);
    }
    if (!HELD.add(file)) {
      throw new StoreInUseException(String.valueOf(ProcessHandle.current().pid()));
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // Locked in this JVM outside HELD: closing this channel would release that lock.
        synchronized (KEPT_OPEN) {
          KEPT_OPEN.add(channel);
        }
        channel = null;
        throw new StoreInUseException(String.valueOf(ProcessHandle.current().pid()));
      }
      if (lock == null) {
        throw new StoreInUseException(holderPid(channel));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(true);
      return new StoreLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      closeQuietly(channel);
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot lock the store " + file + ": " + e.getMessage(), e);
    }
  }

  /** The pid the holder wrote, or {@code unknown} while it has not written it yet. */
  private static String holderPid(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    return text.matches("[0-9]+") ? text : "unknown";
  }

  /** Releases the lock (the file stays, emptied). */
  @Override
  public void close() {
    try {
      channel.truncate(0);
    } catch (IOException e) {
      // The pid left behind is harmless: the next holder overwrites it.
    }
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
    HELD.remove(file);
  }

  private static void closeQuietly(FileChannel c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // Nothing to keep: the OS drops the lock with the descriptor.
    }
  }
}
