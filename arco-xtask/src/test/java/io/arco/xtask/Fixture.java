package io.arco.xtask;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.repo.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of a fixture tree (a mini repository under {@code src/test/resources/fixtures}) in a
 * temporary directory, with helpers to mutate one file so a test breaks exactly one thing.
 */
public final class Fixture {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  private final Path root;

  private Fixture(Path root) {
    this.root = root;
  }

  /** Copies {@code fixtures/<name>} into {@code tempDir}. */
  public static Fixture copy(String name, Path tempDir) {
    Path source = FIXTURES.resolve(name);
    Path target = tempDir.resolve(name);
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Fixture(target);
  }

  public Path root() {
    return root;
  }

  public Repo repo() {
    return Repo.at(root);
  }

  public String read(String relPath) {
    try {
      return Files.readString(root.resolve(relPath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the first occurrence of {@code from} (which must occur) in {@code relPath}. */
  public Fixture replace(String relPath, String from, String to) {
    String text = read(relPath);
    assertThat(text).as("fixture %s", relPath).contains(from);
    int at = text.indexOf(from);
    return write(relPath, text.substring(0, at) + to + text.substring(at + from.length()));
  }

  public Fixture write(String relPath, String content) {
    try {
      Path file = root.resolve(relPath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public Fixture delete(String relPath) {
    try {
      Files.delete(root.resolve(relPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The 1-based line of the first line of {@code relPath} containing {@code snippet}. */
  public int lineOf(String relPath, String snippet) {
    List<String> lines = read(relPath).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(snippet)) {
        return i + 1;
      }
    }
    throw new AssertionError(snippet + " not in " + relPath);
  }
}
