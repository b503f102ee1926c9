package io.arco.api.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The UI's files, read once from the classpath folder {@value #ROOT} (in the jar, or in {@code
 * target/classes} when run from the build), and the version that names them: the first 12 hex
 * digits of the SHA-256 of every file's path and bytes. A change to any file changes the version,
 * so the URLs {@code /ui/{version}/...} can be cached for good.
 *
 * @param files relative path (with {@code /}) to content, sorted by path
 * @param version the content hash naming this set of files
 */
public record UiAssets(Map<String, byte[]> files, String version) {
  /** The classpath folder holding the UI. */
  public static final String ROOT = "arco-ui";

  /** The page's file, served at {@code /ui} with the version filled in. */
  public static final String PAGE = "index.html";

  private static final String VERSION_MARK = "{{version}}";

  public UiAssets {
    files = Map.copyOf(files);
  }

  /** Reads every file under {@value #ROOT} from the classpath. */
  public static UiAssets load() {
    URL page = UiAssets.class.getClassLoader().getResource(ROOT + "/" + PAGE);
    if (page == null) {
      throw new IllegalStateException("the web UI's files are missing from the classpath: " + ROOT);
    }
    try {
      URI uri = page.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem fs = openJar(uri)) {
          return read(fs.getPath("/" + ROOT));
        }
      }
      return read(Path.of(uri).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FileSystem openJar(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      // Another reader has it open: read through a second handle on the same jar file.
      String jar = uri.getSchemeSpecificPart();
      return FileSystems.newFileSystem(Path.of(URI.create(jar.substring(0, jar.indexOf("!/")))));
    }
  }

  /** Every regular file below {@code root}, keyed by its path relative to it. */
  static UiAssets read(Path root) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        files.put(rel, Files.readAllBytes(p));
      }
    }
    return new UiAssets(files, hash(files));
  }

  private static String hash(TreeMap<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (path, bytes) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(bytes);
            sha.update((byte) 0);
          });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The page with every {@code {{version}}} replaced by the version. */
  public String page() {
    return new String(files.get(PAGE), StandardCharsets.UTF_8).replace(VERSION_MARK, version);
  }

  /** A file by its relative path; the page itself is only served through {@link #page()}. */
  public Optional<byte[]> file(String path) {
    if (path.equals(PAGE)) {
      return Optional.empty();
    }
    return Optional.ofNullable(files.get(path));
  }

  /** The relative paths of every file, sorted. */
  public List<String> paths() {
    return List.copyOf(new TreeMap<>(files).keySet());
  }

  /** The content type of a file, from its extension; unknown extensions are refused. */
  public static Optional<String> contentType(String path) {
    int dot = path.lastIndexOf('.');
    String ext = dot < 0 ? "" : path.substring(dot + 1);
    return Optional.ofNullable(
        switch (ext) {
          case "js" -> "text/javascript; charset=utf-8";
          case "css" -> "text/css; charset=utf-8";
          case "html" -> "text/html; charset=utf-8";
          case "svg" -> "image/svg+xml";
          case "png" -> "image/png";
          case "json" -> "application/json";
          default -> null;
        });
  }
}
