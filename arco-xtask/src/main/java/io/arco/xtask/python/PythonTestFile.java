package io.arco.xtask.python;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code unittest} test methods of a Python source file, found by a line-based reader that
 * knows just enough Python for that: indentation, decorators, comments, triple-quoted strings and
 * headers continued inside brackets.
 *
 * <ul>
 *   <li>A test class is a top-level {@code class Name(bases):} (unittest's loader looks at no
 *       other) whose bases name a type
 *       ending in {@code TestCase} ({@code unittest.TestCase}, {@code IsolatedAsyncioTestCase}, a
 *       project base such as {@code ServerTestCase}) or another test class of the same file.
 *   <li>A test method is a {@code def test_…(self …)} (or {@code async def}) directly in a test
 *       class's body; functions nested in methods are not. A later definition of the same name in
 *       the same class replaces the earlier one, as in Python.
 *   <li>A test method is skipped when it or its class carries {@code @unittest.skip}, {@code
 *       skipIf}, {@code skipUnless} or {@code expectedFailure} (with or without the {@code
 *       unittest.} prefix): the checker cannot evaluate a condition, and an expected failure
 *       proves nothing. A {@code self.skipTest(…)} call in a body is not seen.
 * </ul>
 *
 * <p>It never executes or imports the file; text inside strings and comments declares nothing.
 */
public final class PythonTestFile {
  /** A test method: its name, its class, its line (1-based) and the skip decorator that disables it. */
  public record TestMethod(String name, String owner, int line, Optional<String> skippedBy) {
    public TestMethod {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(skippedBy, "skippedBy");
    }

    public boolean skipped() {
      return skippedBy.isPresent();
    }
  }

  private static final Pattern CLASS =
      Pattern.compile("class\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*:.*", Pattern.DOTALL);
  private static final Pattern DEF =
      Pattern.compile("(?:async\\s+)?def\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*)?.*", Pattern.DOTALL);
  private static final Pattern SKIP =
      Pattern.compile("@\\s*(?:unittest\\s*\\.\\s*)?(skip|skipIf|skipUnless|expectedFailure)\\b.*");
  private static final Pattern TEST_CASE_BASE = Pattern.compile("\\b[A-Za-z0-9_]*TestCase\\b");

  private final List<TestMethod> testMethods;
  private final Set<String> testClasses;

  private PythonTestFile(List<TestMethod> testMethods, Set<String> testClasses) {
    this.testMethods = List.copyOf(testMethods);
    this.testClasses = Set.copyOf(testClasses);
  }

  /** The test methods, in source order. */
  public List<TestMethod> testMethods() {
    return testMethods;
  }

  /** The names of the file's test classes. */
  public Set<String> testClasses() {
    return testClasses;
  }

  /**
   * The test methods a symbol names: {@code test_name}, or {@code Class.test_name} / {@code
   * Class#test_name} for the method of that class.
   */
  public List<TestMethod> resolve(String symbol) {
    String name = symbol.endsWith("()") ? symbol.substring(0, symbol.length() - 2) : symbol;
    String[] parts = name.split("[.#]");
    String member = parts[parts.length - 1];
    Optional<String> owner = parts.length > 1 ? Optional.of(parts[parts.length - 2]) : Optional.empty();
    return testMethods.stream()
        .filter(m -> m.name().equals(member) && owner.map(m.owner()::equals).orElse(true))
        .toList();
  }

  /** An open class: its name, header indent, body indent (-1 until seen) and whether it tests. */
  private static final class OpenClass {
    final String name;
    final int indent;
    final boolean test;
    final Optional<String> skippedBy;
    int bodyIndent = -1;

    OpenClass(String name, int indent, boolean test, Optional<String> skippedBy) {
      this.name = name;
      this.indent = indent;
      this.test = test;
      this.skippedBy = skippedBy;
    }
  }

  /** Reads {@code source}. */
  public static PythonTestFile parse(String source) {
    List<Logical> lines = logicalLines(source);
    List<TestMethod> methods = new ArrayList<>();
    Set<String> testClasses = new LinkedHashSet<>();
    List<OpenClass> open = new ArrayList<>();
    List<String> decorators = new ArrayList<>();
    for (Logical line : lines) {
      while (!open.isEmpty() && line.indent() <= open.getLast().indent) {
        open.removeLast();
      }
      if (!open.isEmpty() && open.getLast().bodyIndent < 0) {
        open.getLast().bodyIndent = line.indent();
      }
      String text = line.text();
      if (text.startsWith("@")) {
        decorators.add(text);
        continue;
      }
      Optional<String> skip = decorators.stream().filter(d -> SKIP.matcher(d).matches()).findFirst();
      decorators.clear();
      Matcher classMatcher = CLASS.matcher(text);
      if (text.startsWith("class") && classMatcher.matches()) {
        String bases = classMatcher.group(2) == null ? "" : classMatcher.group(2);
        // unittest's loader collects only the module's top-level classes.
        boolean test =
            open.isEmpty()
                && (TEST_CASE_BASE.matcher(bases).find()
                    || testClasses.stream()
                        .anyMatch(c -> Pattern.compile("\\b" + c + "\\b").matcher(bases).find()));
        String name = classMatcher.group(1);
        if (test) {
          testClasses.add(name);
        }
        open.add(new OpenClass(name, line.indent(), test, skip));
        continue;
      }
      Matcher defMatcher = DEF.matcher(text);
      if ((text.startsWith("def") || text.startsWith("async")) && defMatcher.matches()) {
        String name = defMatcher.group(1);
        OpenClass owner = open.isEmpty() ? null : open.getLast();
        if (owner != null
            && owner.test
            && line.indent() == owner.bodyIndent
            && name.startsWith("test")
            && "self".equals(defMatcher.group(2))) {
          methods.removeIf(m -> m.owner().equals(owner.name) && m.name().equals(name));
          Optional<String> skippedBy = skip.isPresent() ? skip : owner.skippedBy;
          methods.add(new TestMethod(name, owner.name, line.number(), skippedBy.map(PythonTestFile::decoratorName)));
        }
        // A function body is not a class body: a nested def or class inside it declares no test.
        open.add(new OpenClass(name, line.indent(), false, Optional.empty()));
      }
    }
    return new PythonTestFile(methods, testClasses);
  }

  private static String decoratorName(String decorator) {
    Matcher m = SKIP.matcher(decorator);
    return m.matches() ? "@" + (decorator.contains("unittest") ? "unittest." : "") + m.group(1) : decorator;
  }

  /** A logical line: its first physical line's number, its indent and its code (comments removed). */
  private record Logical(int number, int indent, String text) {}

  /**
   * Splits source into logical lines: drops blank lines, comments and the insides of strings, and
   * joins lines while brackets are open or a line ends with a backslash.
   */
  private static List<Logical> logicalLines(String source) {
    List<Logical> out = new ArrayList<>();
    String[] physical = source.split("\r?\n", -1);
    String openString = null; // the quote of a triple-quoted string spanning lines
    StringBuilder pending = null;
    int pendingNumber = 0;
    int pendingIndent = 0;
    int depth = 0;
    for (int i = 0; i < physical.length; i++) {
      String raw = physical[i].replace("\t", "        ");
      StringBuilder code = new StringBuilder();
      int j = 0;
      if (openString != null) {
        int end = raw.indexOf(openString);
        if (end < 0) {
          continue;
        }
        j = end + 3;
        openString = null;
        code.append("\"\"");
      }
      boolean continued = false;
      while (j < raw.length()) {
        char c = raw.charAt(j);
        if (c == '#') {
          break;
        }
        if (c == '"' || c == '\'') {
          String triple = String.valueOf(c).repeat(3);
          if (raw.startsWith(triple, j)) {
            int end = raw.indexOf(triple, j + 3);
            code.append("\"\"");
            if (end < 0) {
              openString = triple;
              j = raw.length();
            } else {
              j = end + 3;
            }
            continue;
          }
          int k = j + 1;
          while (k < raw.length() && raw.charAt(k) != c) {
            k += raw.charAt(k) == '\\' ? 2 : 1;
          }
          code.append("\"\"");
          j = k + 1;
          continue;
        }
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
          depth--;
        }
        if (c == '\\' && j == raw.length() - 1) {
          continued = true;
          break;
        }
        code.append(c);
        j++;
      }
      String text = code.toString();
      if (pending == null) {
        if (text.isBlank()) {
          continue;
        }
        pending = new StringBuilder();
        pendingNumber = i + 1;
        pendingIndent = indentOf(raw);
      }
      pending.append(text.strip()).append(' ');
      if (depth == 0 && !continued && openString == null) {
        out.add(new Logical(pendingNumber, pendingIndent, pending.toString().strip()));
        pending = null;
      }
    }
    if (pending != null) {
      out.add(new Logical(pendingNumber, pendingIndent, pending.toString().strip()));
    }
    return out;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
