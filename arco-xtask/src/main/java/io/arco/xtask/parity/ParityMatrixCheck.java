package io.arco.xtask.parity;

import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import io.arco.xtask.java.JavaFile;
import io.arco.xtask.markdown.Cell;
import io.arco.xtask.markdown.MarkdownDoc;
import io.arco.xtask.markdown.Table;
import io.arco.xtask.python.PythonTestFile;
import io.arco.xtask.repo.CiWorkflow;
import io.arco.xtask.repo.MavenCommand;
import io.arco.xtask.repo.Module;
import io.arco.xtask.repo.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code parity-matrix-check}: every row of {@code docs/parity/dagster-parity-matrix.md} claims
 * only what the repository proves (evidence-and-docs.md §2).
 *
 * <ul>
 *   <li>Status is Implemented, Partial, Designed, Planned or Exception (optionally with a
 *       parenthesised remark).
 *   <li>Every backticked repo path in an evidence cell exists, and every symbol named on it is a
 *       class, method or field declared in that file; in Evidence (Tests), a symbol on a file under
 *       {@code src/test/java} must be a test method (JUnit or jqwik annotation, not disabled), and
 *       a symbol on a Python suite {@code clients/python/tests/test_*.py} must be a {@code def
 *       test_…(self)} of a {@code TestCase} class of that file, not skip-decorated (see {@link
 *       PythonTestFile}); a {@code test_*.py} cited elsewhere is refused, as CI never runs it.
 *   <li>Evidence cells never cite {@code docs/plans/}; a CI command must equal a {@code run:}
 *       command of {@code .github/workflows/ci.yml}.
 *   <li>Implemented rows fill all three evidence cells: code paths, at least one test file with
 *       test methods, and {@code .github/workflows/ci.yml} plus a command whose {@code -pl} module
 *       and {@code -Dtest} filter select every cited test method (a method of a shared contract
 *       class runs through the test classes of its module that extend or implement it). A Python
 *       test runs when the command's {@code -pl} names its module ({@code clients/python}) and
 *       reaches {@code verify}, where that module runs all its suites; {@code -Dtest} does not
 *       filter them.
 *   <li>Exception rows cite an {@code EX-NN} the exceptions doc defines; Partial, Designed and
 *       Planned rows say in Notes what is missing.
 *   <li>Every test method of a {@code *ParityGates*Test} class is cited by an Implemented row.
 *   <li>Where the table has a {@code Proof Level Required} column, an Implemented row's level
 *       names only known {@link ProofLevel}s and, for each, cites a test of that kind (an "API E2E"
 *       row an {@code arco-api} test or a Python {@code test_e2e_*.py} suite's, a "replay" row a
 *       test that refolds a log, a "Parity gate" row a parity gate method, …); {@code Declared} is
 *       the level of Exception rows only.
 * </ul>
 */
public final class ParityMatrixCheck {
  public static final String NAME = "parity-matrix-check";
  public static final String MATRIX = "docs/parity/dagster-parity-matrix.md";
  public static final String EXCEPTIONS = "docs/parity/dagster-parity-exceptions.md";
  public static final List<String> STATUSES =
      List.of("Implemented", "Partial", "Designed", "Planned", "Exception");

  static final String CAPABILITY = "Capability";
  static final String STATUS = "Status";
  static final String CODE = "Evidence (Code)";
  static final String TESTS = "Evidence (Tests)";
  static final String CI = "Evidence (CI)";
  static final String NOTES = "Notes";
  static final String PROOF = "Proof Level Required";

  private static final Pattern STATUS_PATTERN =
      Pattern.compile("^(" + String.join("|", STATUSES) + ")(?:\\s*\\(.*\\))?$");
  private static final Pattern EXCEPTION_ID = Pattern.compile("\\bEX-\\d+\\b");
  private static final Pattern LINE_ANCHOR = Pattern.compile("L?\\d+(?:-L?\\d+)?");
  private static final Set<String> EMPTY_MARKERS =
      Set.of("", "-", "—", "–", "n/a", "N/A", "none", "None", "TBD", "tbd");
  private static final Pattern GATE_FILE = Pattern.compile(".*ParityGates.*Test\\.java");
  /** Where the Python SDK's unittest suites live; CI discovers {@code test_*.py} only there. */
  static final String PYTHON_TESTS = "clients/python/tests/";

  private static final Pattern PYTHON_TEST_FILE = Pattern.compile("test_[^/]*\\.py");
  private static final String TEST_ANNOTATION_LIST =
      "@Test, @ParameterizedTest, @RepeatedTest, @TestFactory, @Property or @Example";

  /** The report plus how many rows carry each status (what the evidence note summarises). */
  public record Result(CheckReport report, SortedMap<String, Integer> statusCounts) {}

  private final Repo repo;
  private final List<Finding> findings = new ArrayList<>();
  private final Optional<CiWorkflow> ci;
  private final SortedMap<String, Integer> statusCounts = new TreeMap<>();
  /** Cited test methods of Implemented rows, as {@code path#method}. */
  private final Set<String> citedByImplemented = new LinkedHashSet<>();
  private Set<String> exceptionIds;

  private ParityMatrixCheck(Repo repo) {
    this.repo = repo;
    this.ci = CiWorkflow.of(repo);
  }

  /** Runs the check against {@code repo}. */
  public static CheckReport run(Repo repo) {
    return check(repo).report();
  }

  /** Runs the check and also returns the status tally. */
  public static Result check(Repo repo) {
    ParityMatrixCheck check = new ParityMatrixCheck(repo);
    int rows = check.checkMatrix();
    check.checkGates();
    String tally =
        check.statusCounts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    String success =
        NAME + ": " + rows + " rows OK" + (tally.isEmpty() ? "" : " (" + tally + ")");
    return new Result(
        new CheckReport(NAME, check.findings, success), new TreeMap<>(check.statusCounts));
  }

  private int checkMatrix() {
    if (!repo.isFile(MATRIX)) {
      findings.add(new Finding(MATRIX, 1, "parity matrix not found"));
      return 0;
    }
    MarkdownDoc doc = MarkdownDoc.parse(repo.read(MATRIX));
    List<Table> tables =
        doc.tables().stream()
            .filter(t -> t.column(CAPABILITY).isPresent() && t.column(STATUS).isPresent())
            .toList();
    if (tables.isEmpty()) {
      findings.add(
          new Finding(MATRIX, 1, "no parity table (a header row with Capability and Status)"));
      return 0;
    }
    int rows = 0;
    for (Table table : tables) {
      boolean complete = true;
      for (String column : List.of(CAPABILITY, STATUS, CODE, TESTS, CI)) {
        if (table.column(column).isEmpty()) {
          findings.add(
              new Finding(
                  MATRIX,
                  table.line(),
                  "table under \"" + table.section() + "\" lacks the column \"" + column + "\""));
          complete = false;
        }
      }
      if (!complete) {
        continue;
      }
      for (Table.Row row : table.rows()) {
        rows++;
        checkRow(table, row);
      }
    }
    return rows;
  }

  private void checkRow(Table table, Table.Row row) {
    String capability = row.cell(table.column(CAPABILITY).orElseThrow()).text();
    RowScope scope = new RowScope(row.line(), capability.isEmpty() ? "(no capability)" : capability);
    if (capability.isEmpty()) {
      scope.report("row has no Capability");
    }
    String statusText = row.cell(table.column(STATUS).orElseThrow()).text();
    Matcher statusMatcher = STATUS_PATTERN.matcher(statusText);
    if (!statusMatcher.matches()) {
      scope.report(
          "unknown status \""
              + statusText
              + "\" (expected Implemented, Partial, Designed, Planned or Exception,"
              + " optionally followed by a parenthesised remark)");
      return;
    }
    String status = statusMatcher.group(1);
    statusCounts.merge(status, 1, Integer::sum);

    Map<String, Cell> cells = new TreeMap<>();
    for (String column : List.of(CODE, TESTS, CI)) {
      cells.put(column, row.cell(table.column(column).orElseThrow()));
    }
    Map<String, EvidenceCell> evidence = new TreeMap<>();
    for (Map.Entry<String, Cell> entry : cells.entrySet()) {
      evidence.put(entry.getKey(), EvidenceCell.parse(repo, entry.getValue()));
    }
    for (String column : List.of(CODE, TESTS, CI)) {
      checkNoPlans(scope, column, evidence.get(column));
    }
    checkPaths(scope, CODE, evidence.get(CODE), false);
    List<CitedTest> tests = checkPaths(scope, TESTS, evidence.get(TESTS), true);
    checkPaths(scope, CI, evidence.get(CI), false);
    List<CiWorkflow.Command> commands = checkCiCommands(scope, evidence.get(CI));

    switch (status) {
      case "Implemented" -> {
        for (String column : List.of(CODE, TESTS, CI)) {
          if (isEmpty(cells.get(column).text())) {
            scope.report("Implemented row has an empty " + column + " cell");
          }
        }
        checkImplemented(scope, evidence, cells, tests, commands);
        table.column(PROOF).ifPresent(c -> checkProofLevel(scope, row.cell(c).text(), tests));
      }
      case "Exception" -> {
        checkException(scope, row);
        table.column(PROOF).ifPresent(c -> checkDeclared(scope, row.cell(c).text()));
      }
      default -> {
        Optional<Integer> notes = table.column(NOTES);
        if (notes.isEmpty() || isEmpty(row.cell(notes.get()).text())) {
          scope.report(status + " row must say in Notes what is missing");
        }
      }
    }
  }

  private void checkImplemented(
      RowScope scope,
      Map<String, EvidenceCell> evidence,
      Map<String, Cell> cells,
      List<CitedTest> tests,
      List<CiWorkflow.Command> commands) {
    if (!isEmpty(cells.get(CODE).text()) && evidence.get(CODE).paths().isEmpty()) {
      scope.report("Evidence (Code) cites no backticked repo path");
    }
    if (!isEmpty(cells.get(TESTS).text())) {
      List<EvidenceCell.PathRef> testFiles =
          evidence.get(TESTS).paths().stream()
              .filter(p -> isTestSource(p.path()) || isPythonTestSource(p.path()))
              .toList();
      if (testFiles.isEmpty()) {
        scope.report(
            "Evidence (Tests) names no test file under src/test/java or " + PYTHON_TESTS);
      }
      for (EvidenceCell.PathRef file : testFiles) {
        if (file.symbols().isEmpty()) {
          scope.report("Evidence (Tests) names `" + file.path() + "` but no test method in it");
        }
      }
    }
    for (CitedTest test : tests) {
      citedByImplemented.add(test.path() + "#" + test.name());
    }
    if (!isEmpty(cells.get(CI).text())) {
      EvidenceCell ciCell = evidence.get(CI);
      boolean citesWorkflow =
          ciCell.paths().stream().anyMatch(p -> p.path().equals(CiWorkflow.PATH));
      if (!citesWorkflow) {
        scope.report("Evidence (CI) does not cite " + CiWorkflow.PATH);
      }
      boolean quotesCommand =
          ciCell.code().stream().anyMatch(c -> !isJob(c.literal()));
      if (!quotesCommand) {
        scope.report("Evidence (CI) quotes no command of " + CiWorkflow.PATH);
      }
    }
    if (commands.isEmpty()) {
      return;
    }
    for (CitedTest test : tests) {
      List<String> reasons = new ArrayList<>();
      boolean run = false;
      for (CiWorkflow.Command command : commands) {
        Optional<String> why = whyNotRun(command.command(), test);
        if (why.isEmpty()) {
          run = true;
          break;
        }
        reasons.add("`" + command.command() + "` " + why.get());
      }
      if (!run) {
        scope.report(
            "no cited CI command would run "
                + test.label()
                + ": "
                + String.join("; ", reasons));
      }
    }
  }

  private Optional<String> whyNotRun(String command, CitedTest test) {
    Optional<MavenCommand> mvn = MavenCommand.parse(command);
    if (mvn.isEmpty()) {
      return Optional.of("is not a Maven command");
    }
    Optional<Module> module = repo.moduleOf(test.path());
    if (module.isEmpty()) {
      return Optional.of("cannot run " + test.path() + ", which is in no Maven module");
    }
    return switch (test) {
      case PythonTest python -> mvn.get().whyNotRunPythonSuites(module.get(), repo.modules());
      case JavaTest java -> whyNotRunJava(mvn.get(), module.get(), java);
    };
  }

  private Optional<String> whyNotRunJava(MavenCommand mvn, Module module, JavaTest test) {
    Optional<String> why =
        mvn.whyNotRun(
            module, test.className(), test.method().name(), test.method().tags(), repo.modules());
    if (why.isEmpty()) {
      return why;
    }
    // A method of a shared contract (an abstract class or interface of tests) runs in every test
    // class of its module that extends or implements it.
    for (String subclass : subclassesOf(test, module)) {
      if (repo.java(subclass) instanceof JavaFile.Parsed.Ok ok) {
        String name = simpleName(subclass);
        Set<String> tags = new LinkedHashSet<>(test.method().tags());
        ok.file().resolve(name).stream().findFirst().ifPresent(d -> tags.addAll(d.tags()));
        JavaTest inherited = new JavaTest(subclass, test.method());
        if (mvn
            .whyNotRun(module, inherited.className(), test.method().name(), tags, repo.modules())
            .isEmpty()) {
          return Optional.empty();
        }
      }
    }
    return why;
  }

  /** The test sources of the module whose top-level class extends or implements the test's class. */
  private List<String> subclassesOf(JavaTest test, Module module) {
    String cited = test.simpleClassName();
    List<String> out = new ArrayList<>();
    for (String file : repo.testSources()) {
      if (file.equals(test.path()) || !repo.moduleOf(file).equals(Optional.of(module))) {
        continue;
      }
      if (repo.java(file) instanceof JavaFile.Parsed.Ok ok
          && ok.file().supertypes(simpleName(file)).contains(cited)) {
        out.add(file);
      }
    }
    return out;
  }

  /**
   * An Implemented row's proof level: every part is a known level, none is {@code Declared}, and
   * for each some cited test is of that kind (checked once the row cites a test method at all).
   */
  private void checkProofLevel(RowScope scope, String levelText, List<CitedTest> tests) {
    if (isEmpty(levelText)) {
      scope.report("Implemented row has an empty " + PROOF + " cell");
      return;
    }
    for (String part : levelText.split("\\+")) {
      Optional<ProofLevel> level = ProofLevel.of(part);
      if (level.isEmpty()) {
        scope.report(
            "unknown proof level \"" + part.strip() + "\" in \"" + levelText.strip() + "\" (expected "
                + ProofLevel.labels() + ", joined by +)");
        continue;
      }
      if (level.get() == ProofLevel.DECLARED) {
        scope.report("proof level Declared is for Exception rows; an Implemented row cites tests");
        continue;
      }
      if (tests.isEmpty()) {
        continue; // the row already fails for citing no test method
      }
      boolean proved = false;
      for (CitedTest test : tests) {
        boolean ofLevel =
            switch (test) {
              case PythonTest python -> level.get().provedByPython(python.path());
              case JavaTest java ->
                  repo.java(java.path()) instanceof JavaFile.Parsed.Ok ok
                      && level.get().provedBy(java.path(), ok.file(), java.method());
            };
        if (ofLevel) {
          proved = true;
          break;
        }
      }
      if (!proved) {
        scope.report(
            "proof level \"" + levelText.strip() + "\" claims " + level.get().label + ", which needs "
                + level.get().requirement + ", but no cited test is one");
      }
    }
  }

  /** An Exception row proves nothing by tests: its level is {@code Declared}. */
  private void checkDeclared(RowScope scope, String levelText) {
    if (ProofLevel.of(levelText).filter(l -> l == ProofLevel.DECLARED).isEmpty()) {
      scope.report(
          "an Exception row's proof level is Declared, not \"" + levelText.strip() + "\"");
    }
  }

  private void checkException(RowScope scope, Table.Row row) {
    Set<String> cited = new LinkedHashSet<>();
    for (Cell cell : row.cells()) {
      Matcher matcher = EXCEPTION_ID.matcher(cell.text());
      while (matcher.find()) {
        cited.add(matcher.group());
      }
    }
    if (cited.isEmpty()) {
      scope.report("Exception row cites no EX-NN id of " + EXCEPTIONS);
      return;
    }
    Set<String> known = exceptionIds();
    for (String id : cited) {
      if (!known.contains(id)) {
        scope.report("cites " + id + ", which " + EXCEPTIONS + " does not define");
      }
    }
  }

  private Set<String> exceptionIds() {
    if (exceptionIds == null) {
      exceptionIds = new LinkedHashSet<>();
      if (repo.isFile(EXCEPTIONS)) {
        MarkdownDoc doc = MarkdownDoc.parse(repo.read(EXCEPTIONS));
        for (MarkdownDoc.HeadingRef heading : doc.headings()) {
          Matcher matcher = EXCEPTION_ID.matcher(heading.text());
          if (matcher.find()) {
            exceptionIds.add(matcher.group());
          }
        }
        for (Table table : doc.tables()) {
          for (Table.Row row : table.rows()) {
            Matcher matcher = EXCEPTION_ID.matcher(row.cell(0).text());
            if (matcher.lookingAt()) {
              exceptionIds.add(matcher.group());
            }
          }
        }
      }
    }
    return exceptionIds;
  }

  private void checkNoPlans(RowScope scope, String column, EvidenceCell cell) {
    Path matrixDir = Path.of(MATRIX).getParent();
    List<String> cited = new ArrayList<>();
    for (EvidenceCell.PathRef ref : cell.paths()) {
      if (ref.path().startsWith("docs/plans/")) {
        cited.add(ref.path());
      }
    }
    for (String link : cell.links()) {
      String target = matrixDir.resolve(link).normalize().toString().replace('\\', '/');
      if (target.startsWith("docs/plans/") || target.equals("docs/plans")) {
        cited.add(link);
      }
    }
    if (cited.isEmpty() && cell.text().contains("docs/plans/")) {
      cited.add("docs/plans/");
    }
    if (!cited.isEmpty()) {
      scope.report(
          column
              + " cites docs/plans/ ("
              + String.join(", ", cited)
              + "); plans and evidence notes are not evidence");
    }
  }

  /** Checks every cited path and symbol; returns the test methods a Tests cell cites. */
  private List<CitedTest> checkPaths(
      RowScope scope, String column, EvidenceCell cell, boolean testsColumn) {
    List<CitedTest> tests = new ArrayList<>();
    for (EvidenceCell.PathRef ref : cell.paths()) {
      String path = ref.path();
      if (path.startsWith("docs/plans/")) {
        continue;
      }
      if (!repo.exists(path)) {
        scope.report(column + " cites `" + path + "`, which does not exist");
        continue;
      }
      for (String symbol : ref.symbols()) {
        if (LINE_ANCHOR.matcher(symbol).matches()) {
          scope.report(
              column
                  + " cites the line anchor `"
                  + path
                  + ":"
                  + symbol
                  + "`; line numbers drift, cite a class, method or field");
          continue;
        }
        if (!EvidenceCell.IDENTIFIER.matcher(symbol).matches()) {
          scope.report(column + " cites `" + path + ":" + symbol + "`, which is not a symbol");
          continue;
        }
        if (!repo.isFile(path)) {
          scope.report(column + " names symbol `" + symbol + "` on the directory `" + path + "`");
        } else if (path.endsWith(".java")) {
          checkJavaSymbol(scope, column, path, symbol, testsColumn && isTestSource(path))
              .ifPresent(tests::add);
        } else if (testsColumn && isPythonTestSource(path)) {
          checkPythonTest(scope, path, symbol).ifPresent(tests::add);
        } else if (testsColumn && isPythonTestName(path)) {
          scope.report(
              column + " cites the Python test `" + symbol + "` in " + path + ", which is outside "
                  + PYTHON_TESTS + ": CI discovers Python suites (test_*.py) only there");
        } else if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(symbol) + "(?![\\w-])")
            .matcher(repo.read(path))
            .find()) {
          scope.report(column + ": `" + symbol + "` does not occur in " + path);
        }
      }
    }
    return tests;
  }

  private Optional<CitedTest> checkJavaSymbol(
      RowScope scope, String column, String path, String symbol, boolean mustBeTest) {
    JavaFile file;
    switch (repo.java(path)) {
      case JavaFile.Parsed.Ok ok -> file = ok.file();
      case JavaFile.Parsed.Failed failed -> {
        scope.report(
            column + " cites " + path + ", which does not parse (line " + failed.line() + ": "
                + failed.message() + ")");
        return Optional.empty();
      }
    }
    List<JavaFile.Declaration> found = file.resolve(symbol);
    if (!mustBeTest) {
      if (found.isEmpty()) {
        scope.report(column + ": symbol `" + symbol + "` is not declared in " + path);
      }
      return Optional.empty();
    }
    List<JavaFile.Declaration> methods =
        found.stream().filter(d -> d.kind() == JavaFile.Kind.METHOD).toList();
    if (methods.isEmpty()) {
      scope.report(column + ": test method `" + symbol + "` not found in " + path);
      return Optional.empty();
    }
    List<JavaFile.Declaration> testMethods = methods.stream().filter(JavaFile.Declaration::test).toList();
    if (testMethods.isEmpty()) {
      scope.report(
          column + ": `" + symbol + "` in " + path + " is not a test method (no "
              + TEST_ANNOTATION_LIST + ")");
      return Optional.empty();
    }
    Optional<JavaFile.Declaration> enabled = testMethods.stream().filter(d -> !d.disabled()).findFirst();
    if (enabled.isEmpty()) {
      scope.report(column + ": test method `" + symbol + "` in " + path + " is @Disabled");
      return Optional.empty();
    }
    return Optional.of(new JavaTest(path, enabled.get()));
  }

  /** A Tests cell's symbol on a Python suite: an enabled test method of one of its classes. */
  private Optional<CitedTest> checkPythonTest(RowScope scope, String path, String symbol) {
    List<PythonTestFile.TestMethod> found = repo.python(path).resolve(symbol);
    if (found.isEmpty()) {
      scope.report(
          TESTS + ": test method `" + symbol + "` not found in " + path
              + " (expected a def test_…(self) in a unittest.TestCase class)");
      return Optional.empty();
    }
    Optional<PythonTestFile.TestMethod> enabled = found.stream().filter(m -> !m.skipped()).findFirst();
    if (enabled.isEmpty()) {
      scope.report(
          TESTS + ": test method `" + symbol + "` in " + path + " is skipped ("
              + found.get(0).skippedBy().orElseThrow() + ")");
      return Optional.empty();
    }
    return Optional.of(new PythonTest(path, enabled.get()));
  }

  /** Checks the CI cell's code spans; returns the workflow commands it validly quotes. */
  private List<CiWorkflow.Command> checkCiCommands(RowScope scope, EvidenceCell cell) {
    List<CiWorkflow.Command> commands = new ArrayList<>();
    for (EvidenceCell.CodeText code : cell.code()) {
      if (isJob(code.literal())) {
        continue;
      }
      Optional<CiWorkflow.Command> command = ci.flatMap(w -> w.find(code.literal()));
      if (command.isPresent()) {
        commands.add(command.get());
      } else {
        scope.report(
            "Evidence (CI): command `" + code.literal() + "` does not occur in " + CiWorkflow.PATH);
      }
    }
    return commands;
  }

  private boolean isJob(String literal) {
    return ci.map(w -> w.jobs().contains(literal)).orElse(false);
  }

  private void checkGates() {
    for (String file : repo.testSources()) {
      if (!GATE_FILE.matcher(file.substring(file.lastIndexOf('/') + 1)).matches()) {
        continue;
      }
      switch (repo.java(file)) {
        case JavaFile.Parsed.Ok ok -> {
          String className = simpleName(file);
          for (JavaFile.Declaration method : ok.file().testMethods()) {
            if (!citedByImplemented.contains(file + "#" + method.name())) {
              findings.add(
                  new Finding(
                      file,
                      method.line(),
                      "parity gate test "
                          + className
                          + "#"
                          + method.name()
                          + " is not cited by any Implemented row of "
                          + MATRIX));
            }
          }
        }
        case JavaFile.Parsed.Failed failed ->
            findings.add(
                new Finding(file, failed.line(), "parity gate class does not parse: " + failed.message()));
      }
    }
  }

  private static boolean isEmpty(String text) {
    return EMPTY_MARKERS.contains(text.strip());
  }

  static boolean isTestSource(String path) {
    return path.contains("/src/test/java/") && path.endsWith(".java");
  }

  /** A Python unittest suite CI runs: {@code clients/python/tests/…/test_*.py}. */
  static boolean isPythonTestSource(String path) {
    return path.startsWith(PYTHON_TESTS) && isPythonTestName(path);
  }

  private static boolean isPythonTestName(String path) {
    return PYTHON_TEST_FILE.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
  }

  private static String simpleName(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".java".length());
  }

  /** A test method an evidence cell cites, in its file. */
  private sealed interface CitedTest permits JavaTest, PythonTest {
    String path();

    String name();

    /** How messages name it: {@code FoldTest#replayEqualsLive}, {@code test_cli.py#test_x}. */
    String label();
  }

  /** A Python unittest method of a {@code clients/python/tests/test_*.py} suite. */
  private record PythonTest(String path, PythonTestFile.TestMethod method) implements CitedTest {
    @Override
    public String name() {
      return method.name();
    }

    @Override
    public String label() {
      return path.substring(path.lastIndexOf('/') + 1) + "#" + method.name();
    }
  }

  /** A JUnit or jqwik test method of a file under {@code src/test/java}. */
  private record JavaTest(String path, JavaFile.Declaration method) implements CitedTest {
    @Override
    public String name() {
      return method.name();
    }

    @Override
    public String label() {
      return simpleClassName() + "#" + method.name();
    }

    String simpleClassName() {
      return simpleName(path);
    }

    /** The top-level class's fully qualified name, from the path under src/test/java. */
    String className() {
      String relative = path.substring(path.indexOf("/src/test/java/") + "/src/test/java/".length());
      return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    }
  }

  /** Reports findings for one row, naming it. */
  private final class RowScope {
    private final int line;
    private final String capability;

    RowScope(int line, String capability) {
      this.line = line;
      this.capability = capability;
    }

    void report(String message) {
      findings.add(new Finding(MATRIX, line, "row \"" + capability + "\": " + message));
    }
  }
}
