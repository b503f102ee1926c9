package io.arco.xtask.repo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Maven command line as far as test selection goes: the goals, the {@code -pl} project list,
 * {@code -am}, the Surefire {@code -Dtest} filter, JUnit tag filters and test skipping. It answers
 * "would this command run test method M of class C in module X?" and, when not, why not.
 *
 * <p>The rules follow Maven and Surefire: without {@code -pl} every module builds; a module named
 * only through {@code -am} is built but is not the module the command is about, so a row must cite
 * a command whose {@code -pl} names the test's own module; without {@code -Dtest} only classes
 * matching Surefire's default includes run; a {@code -Dtest} pattern matches the simple class
 * name, a package path ({@code io/arco/**}/{@code Foo*Test}) or a fully qualified name, with
 * {@code *}, {@code ?}, comma lists, {@code !exclusions} and {@code #method+method} parts.
 */
public final class MavenCommand {
  private static final Set<String> TEST_PHASES =
      Set.of(
          "test",
          "prepare-package",
          "package",
          "pre-integration-test",
          "integration-test",
          "post-integration-test",
          "verify",
          "install",
          "deploy");
  private static final Set<String> OPTIONS_WITH_VALUE =
      Set.of(
          "-pl", "--projects", "-f", "--file", "-s", "--settings", "-gs", "--global-settings",
          "-T", "--threads", "-P", "--activate-profiles", "-rf", "--resume-from", "-l",
          "--log-file", "-t", "--toolchains", "-b", "--builder", "-D", "--define");
  private static final List<String> DEFAULT_INCLUDES =
      List.of("Test*", "*Test", "*Tests", "*TestCase");

  /**
   * The property that skips the Python suites ({@code clients/python/pom.xml}); {@code -DskipTests}
   * does not, so a step can build the server jar without re-running the Java tests.
   */
  public static final String PYTHON_SKIP = "arco.python.skip";

  /** The phases at or after {@code verify}, where the Python module runs its suites. */
  private static final Set<String> PYTHON_PHASES = Set.of("verify", "install", "deploy");

  private final String text;
  private final List<String> goals = new ArrayList<>();
  private final List<String> projects = new ArrayList<>();
  private boolean alsoMake;
  private String testFilter;
  private String groups;
  private String excludedGroups;
  private boolean skipTests;
  private boolean skipPython;

  private MavenCommand(String text) {
    this.text = text;
  }

  /** Parses {@code command} when it runs Maven ({@code mvn} or {@code ./mvnw}), else empty. */
  public static Optional<MavenCommand> parse(String command) {
    List<String> tokens = tokenize(command);
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    String program = tokens.get(0);
    if (!(program.equals("mvn") || program.endsWith("/mvn") || program.endsWith("mvnw"))) {
      return Optional.empty();
    }
    MavenCommand mvn = new MavenCommand(command.strip());
    for (int i = 1; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String value = null;
      String option = token;
      int eq = token.indexOf('=');
      if (token.startsWith("--") && eq > 0) {
        option = token.substring(0, eq);
        value = token.substring(eq + 1);
      } else if (OPTIONS_WITH_VALUE.contains(token) && i + 1 < tokens.size()) {
        value = tokens.get(++i);
      }
      if (option.equals("-D") || option.equals("--define")) {
        mvn.define(value == null ? "" : value);
      } else if (token.startsWith("-D")) {
        mvn.define(token.substring(2));
      } else if (option.equals("-pl") || option.equals("--projects")) {
        for (String project : (value == null ? "" : value).split(",")) {
          if (!project.isBlank()) {
            mvn.projects.add(project.strip());
          }
        }
      } else if (token.equals("-am") || token.equals("--also-make")) {
        mvn.alsoMake = true;
      } else if (!token.startsWith("-")) {
        mvn.goals.add(token);
      }
    }
    return Optional.of(mvn);
  }

  private void define(String definition) {
    int eq = definition.indexOf('=');
    String key = eq < 0 ? definition : definition.substring(0, eq);
    String value = eq < 0 ? "true" : definition.substring(eq + 1);
    switch (key) {
      case "test" -> testFilter = value;
      case "groups" -> groups = value;
      case "excludedGroups" -> excludedGroups = value;
      case "skipTests", "maven.test.skip" -> skipTests = !value.equalsIgnoreCase("false");
      case PYTHON_SKIP -> skipPython = !value.equalsIgnoreCase("false");
      default -> {
        // Other properties do not change which tests run.
      }
    }
  }

  public String text() {
    return text;
  }

  public boolean alsoMake() {
    return alsoMake;
  }

  public Optional<String> testFilter() {
    return Optional.ofNullable(testFilter);
  }

  /**
   * Why this command would not run test {@code method} of top-level class {@code className}
   * (fully qualified) in {@code module}, or empty when it would. {@code tags} are the JUnit tags
   * on the method and its classes.
   */
  public Optional<String> whyNotRun(
      Module module, String className, String method, Set<String> tags, List<Module> allModules) {
    boolean runsTests =
        goals.stream().anyMatch(g -> TEST_PHASES.contains(g) || g.endsWith("surefire:test"));
    if (!runsTests) {
      return Optional.of("runs no test phase (goals: " + String.join(" ", goals) + ")");
    }
    if (skipTests) {
      return Optional.of("skips tests");
    }
    if (!builds(module, allModules)) {
      String list = String.join(",", projects);
      String hint = alsoMake ? " (-am builds upstream modules but -pl must name the test's module)" : "";
      return Optional.of("-pl " + list + " does not select module " + module.dir() + hint);
    }
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    String classPath = className.replace('.', '/');
    if (testFilter == null) {
      boolean included = DEFAULT_INCLUDES.stream().anyMatch(p -> glob(p).matcher(simpleName).matches());
      if (!included) {
        return Optional.of(
            "runs no -Dtest filter and " + simpleName + " does not match Surefire's default includes");
      }
    } else if (!SurefireFilter.parse(testFilter).selects(classPath, method)) {
      return Optional.of("-Dtest=" + testFilter + " does not select " + simpleName + "#" + method);
    }
    if (groups != null && isPlainTagList(groups)) {
      boolean tagged = splitList(groups).stream().anyMatch(tags::contains);
      if (!tagged) {
        return Optional.of("-Dgroups=" + groups + " does not include the tags of " + simpleName + "#" + method);
      }
    }
    if (excludedGroups != null && isPlainTagList(excludedGroups)) {
      if (splitList(excludedGroups).stream().anyMatch(tags::contains)) {
        return Optional.of("-DexcludedGroups=" + excludedGroups + " excludes " + simpleName + "#" + method);
      }
    }
    return Optional.empty();
  }

  /**
   * Why this command would not run the Python {@code unittest} suites of {@code module}, or empty
   * when it would. The module runs them all in its {@code verify} phase (an exec step, not
   * Surefire): {@code -pl} must name the module, a goal must reach {@code verify}, and {@code
   * -Darco.python.skip} must not be set; {@code -Dtest}, tags and {@code -DskipTests} neither
   * select nor skip them.
   */
  public Optional<String> whyNotRunPythonSuites(Module module, List<Module> allModules) {
    if (goals.stream().noneMatch(PYTHON_PHASES::contains)) {
      return Optional.of(
          "does not reach the verify phase, where " + module.dir() + " runs its Python suites (goals: "
              + String.join(" ", goals) + ")");
    }
    if (skipPython) {
      return Optional.of("skips the Python suites (-D" + PYTHON_SKIP + ")");
    }
    if (!builds(module, allModules)) {
      String list = String.join(",", projects);
      String hint = alsoMake ? " (-am builds upstream modules but -pl must name the test's module)" : "";
      return Optional.of("-pl " + list + " does not select module " + module.dir() + hint);
    }
    return Optional.empty();
  }

  private boolean builds(Module module, List<Module> allModules) {
    if (projects.isEmpty()) {
      return true;
    }
    boolean selected = false;
    boolean excluded = false;
    for (String project : projects) {
      boolean negate = project.startsWith("!") || project.startsWith("-");
      String name = negate ? project.substring(1) : project;
      if (name.startsWith("?")) {
        name = name.substring(1);
      }
      if (names(name, module)) {
        if (negate) {
          excluded = true;
        } else {
          selected = true;
        }
      }
    }
    boolean onlyExclusions = projects.stream().allMatch(p -> p.startsWith("!") || p.startsWith("-"));
    return (selected || onlyExclusions) && !excluded;
  }

  private static boolean names(String project, Module module) {
    int colon = project.lastIndexOf(':');
    if (colon >= 0) {
      return project.substring(colon + 1).equals(module.artifactId());
    }
    String dir = project.startsWith("./") ? project.substring(2) : project;
    while (dir.endsWith("/")) {
      dir = dir.substring(0, dir.length() - 1);
    }
    return dir.equals(module.dir());
  }

  private static boolean isPlainTagList(String expression) {
    return !expression.matches(".*[&|!()].*");
  }

  private static List<String> splitList(String list) {
    List<String> items = new ArrayList<>();
    for (String item : list.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  /** A Surefire/Ant glob as a regex: {@code **} any path, {@code *} within a segment, {@code ?} one char. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
          i++;
          regex.append("(?:.*/)?");
        } else {
          regex.append(".*");
        }
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Splits a command line on whitespace, honouring single and double quotes. */
  static List<String> tokenize(String command) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
      } else {
        current.append(c);
        inToken = true;
      }
    }
    if (inToken) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  /** A parsed {@code -Dtest} value. */
  static final class SurefireFilter {
    /** One comma-separated part: a class glob (on the simple name or the package path) and method globs. */
    private record Part(
        boolean exclude, Pattern classPattern, boolean onPath, List<Pattern> methods) {}

    private final List<Part> patterns;

    private SurefireFilter(List<Part> patterns) {
      this.patterns = patterns;
    }

    static SurefireFilter parse(String filter) {
      List<Part> patterns = new ArrayList<>();
      for (String raw : filter.split(",")) {
        String p = raw.strip();
        if (p.isEmpty()) {
          continue;
        }
        boolean exclude = p.startsWith("!");
        if (exclude) {
          p = p.substring(1).strip();
        }
        String classPart = p;
        String methodPart = null;
        int hash = p.indexOf('#');
        if (hash >= 0) {
          classPart = p.substring(0, hash);
          methodPart = p.substring(hash + 1);
        }
        if (classPart.startsWith("%regex[") && classPart.endsWith("]")) {
          String regex = classPart.substring("%regex[".length(), classPart.length() - 1);
          patterns.add(new Part(exclude, Pattern.compile(".*(?:" + regex + ").*"), true, methods(methodPart)));
          continue;
        }
        for (String suffix : List.of(".java", ".class")) {
          if (classPart.endsWith(suffix)) {
            classPart = classPart.substring(0, classPart.length() - suffix.length());
          }
        }
        boolean onPath;
        if (classPart.isEmpty()) {
          classPart = "**";
          onPath = true;
        } else if (classPart.contains("/")) {
          onPath = true;
        } else if (classPart.contains(".")) {
          classPart = classPart.replace('.', '/');
          onPath = true;
        } else {
          onPath = false;
        }
        if (onPath && !classPart.startsWith("**") && !classPart.startsWith("/")) {
          // Surefire prefixes relative patterns with **/, so a package suffix still matches.
          classPart = "**/" + classPart;
        }
        patterns.add(new Part(exclude, glob(classPart), onPath, methods(methodPart)));
      }
      return new SurefireFilter(patterns);
    }

    private static List<Pattern> methods(String methodPart) {
      List<Pattern> methods = new ArrayList<>();
      if (methodPart != null && !methodPart.isBlank()) {
        for (String m : methodPart.split("\\+")) {
          if (!m.isBlank()) {
            methods.add(glob(m.strip()));
          }
        }
      }
      return methods;
    }

    boolean selects(String classPath, String method) {
      String simpleName = classPath.substring(classPath.lastIndexOf('/') + 1);
      boolean anyInclude = patterns.stream().anyMatch(p -> !p.exclude());
      boolean included = !anyInclude;
      for (Part p : patterns) {
        String subject = p.onPath() ? classPath : simpleName;
        boolean classMatches = p.classPattern().matcher(subject).matches();
        boolean methodMatches =
            p.methods().isEmpty() || p.methods().stream().anyMatch(m -> m.matcher(method).matches());
        if (classMatches && methodMatches) {
          if (p.exclude()) {
            return false;
          }
          included = true;
        }
      }
      return included;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
