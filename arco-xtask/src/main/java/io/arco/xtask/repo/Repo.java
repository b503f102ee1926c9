package io.arco.xtask.repo;

import io.arco.xtask.java.JavaFile;
import io.arco.xtask.python.PythonTestFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A view of the repository the checks run against: file lookups relative to its root, the Maven
 * modules its root {@code pom.xml} declares, and a cache of parsed Java sources so a file cited by
 * many matrix rows is parsed once.
 *
 * <p>A "repo path" is a path relative to the root that starts with a module directory, {@code
 * docs/} or {@code .github/}; backticked repo paths in docs are evidence and must exist.
 */
public final class Repo {
  private final Path root;
  private final List<Module> modules;
  private final Map<String, JavaFile.Parsed> javaFiles = new HashMap<>();
  private final Map<String, PythonTestFile> pythonFiles = new HashMap<>();

  private Repo(Path root, List<Module> modules) {
    this.root = root;
    this.modules = modules;
  }

  /** Opens the repository rooted at {@code root} (the directory holding the root pom). */
  public static Repo at(Path root) {
    Path normalized = root.toAbsolutePath().normalize();
    return new Repo(normalized, readModules(normalized, ""));
  }

  /**
   * The repository root for {@code start}: the nearest directory at or above it whose {@code
   * pom.xml} declares {@code <modules>}, or {@code start} itself when there is none.
   */
  public static Path findRoot(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      Path pom = candidate.resolve("pom.xml");
      if (Files.isRegularFile(pom) && readString(pom).contains("<modules>")) {
        return candidate;
      }
    }
    return dir;
  }

  public Path root() {
    return root;
  }

  /** The reactor's modules, in declaration order (nested aggregators flattened). */
  public List<Module> modules() {
    return modules;
  }

  /** The innermost module holding {@code relPath}, if any. */
  public Optional<Module> moduleOf(String relPath) {
    return modules.stream()
        .filter(m -> m.contains(relPath))
        .max(Comparator.comparingInt(m -> m.dir().length()));
  }

  /** The prefixes that make a backticked string a repo path: each module, docs and .github. */
  public List<String> repoPathPrefixes() {
    List<String> prefixes = new ArrayList<>();
    for (Module module : modules) {
      prefixes.add(module.dir() + "/");
    }
    prefixes.add("docs/");
    prefixes.add(".github/");
    return prefixes;
  }

  /** Whether {@code text} names a repo path (see the class comment). */
  public boolean isRepoPath(String text) {
    if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    return repoPathPrefixes().stream().anyMatch(text::startsWith);
  }

  /** Resolves a repo-relative path, or empty when it escapes the root. */
  public Optional<Path> resolve(String relPath) {
    Path resolved = root.resolve(relPath).normalize();
    return resolved.startsWith(root) ? Optional.of(resolved) : Optional.empty();
  }

  public boolean exists(String relPath) {
    return resolve(relPath).map(Files::exists).orElse(false);
  }

  public boolean isFile(String relPath) {
    return resolve(relPath).map(Files::isRegularFile).orElse(false);
  }

  /** The repo-relative, forward-slash form of {@code path}. */
  public String relativize(Path path) {
    return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  public String read(String relPath) {
    return readString(root.resolve(relPath));
  }

  /** Every regular file under {@code relDir}, as sorted repo-relative paths ({@code []} if none). */
  public List<String> filesUnder(String relDir) {
    Path dir = root.resolve(relDir);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(this::relativize).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed Java file at {@code relPath} (cached), or the reason it cannot be parsed. */
  public JavaFile.Parsed java(String relPath) {
    return javaFiles.computeIfAbsent(relPath, p -> JavaFile.parse(p, read(p)));
  }

  /** The test methods of the Python file at {@code relPath} (cached). */
  public PythonTestFile python(String relPath) {
    return pythonFiles.computeIfAbsent(relPath, p -> PythonTestFile.parse(read(p)));
  }

  /** Every {@code .java} file under each module's {@code src/test/java}, sorted. */
  public List<String> testSources() {
    List<String> files = new ArrayList<>();
    for (Module module : modules) {
      for (String file : filesUnder(module.dir() + "/src/test/java")) {
        if (file.endsWith(".java")) {
          files.add(file);
        }
      }
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Module> readModules(Path root, String prefix) {
    Path pom = root.resolve(prefix).resolve("pom.xml");
    if (!Files.isRegularFile(pom)) {
      return List.of();
    }
    Optional<Element> project = parsePom(pom);
    if (project.isEmpty()) {
      return List.of();
    }
    List<Module> result = new ArrayList<>();
    Optional<Element> modulesElement = child(project.get(), "modules");
    if (modulesElement.isEmpty()) {
      return result;
    }
    NodeList children = modulesElement.get().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("module")) {
        String dir = (prefix.isEmpty() ? "" : prefix + "/") + e.getTextContent().trim();
        dir = Path.of(dir).normalize().toString().replace('\\', '/');
        String artifactId = artifactIdOf(root.resolve(dir).resolve("pom.xml")).orElse(lastSegment(dir));
        result.add(new Module(dir, artifactId));
        result.addAll(readModules(root, dir));
      }
    }
    return result;
  }

  private static Optional<String> artifactIdOf(Path pom) {
    if (!Files.isRegularFile(pom)) {
      return Optional.empty();
    }
    return parsePom(pom).flatMap(p -> child(p, "artifactId")).map(e -> e.getTextContent().trim());
  }

  private static String lastSegment(String dir) {
    int slash = dir.lastIndexOf('/');
    return slash < 0 ? dir : dir.substring(slash + 1);
  }

  private static Optional<Element> child(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node node = children.item(i);
      if (node instanceof Element e && e.getTagName().equals(tag)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<Element> parsePom(Path pom) {
    try {
      return Optional.of(parseXml(readString(pom)).getDocumentElement());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Parses XML with external entities and DTDs disabled (poms and Surefire reports). */
  public static Document parseXml(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }
}
