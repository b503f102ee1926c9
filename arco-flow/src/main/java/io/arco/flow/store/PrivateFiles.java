package io.arco.flow.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates store directories readable by their owner only ({@code 0700}) and store files likewise
 * ({@code 0600}), as decisions §3 asks. Only what this class creates gets these modes: an existing
 * directory (say {@code /tmp} holding a {@code jdbc:sqlite:} file) is left as it is. On a file
 * system without POSIX permissions the platform's defaults apply.
 */
final class PrivateFiles {
  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents, each new one {@code 0700}. */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, attributes(dir, "rwx------"));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Creates {@code file} empty with mode {@code 0600} unless it exists. */
  static void createFile(Path file) throws IOException {
    try {
      Files.createFile(file, attributes(file, "rw-------"));
    } catch (FileAlreadyExistsException e) {
      // Kept as it is: only files this class creates get the private mode.
    }
  }

  private static FileAttribute<?>[] attributes(Path path, String mode) {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
    };
  }
}
