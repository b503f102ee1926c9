package io.arco.xtask.parity;

import io.arco.xtask.java.JavaFile;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The proof levels a matrix row may require (its {@code Proof Level Required} cell, parts joined by
 * {@code +}), and what each asks of the tests an Implemented row cites: at least one cited test
 * method must be of that kind.
 *
 * <ul>
 *   <li>{@code Unit}: any test method.
 *   <li>{@code Unit (property)}: a jqwik {@code @Property} method.
 *   <li>{@code Contract test}: a method of a {@code *Contract.java} file, or of a class that extends
 *       or implements a {@code *Contract} type (a shared contract every implementation runs).
 *   <li>{@code replay}: a test that refolds a log: it calls {@code Engine.rebuild}, {@code
 *       LogReplay.replay} or {@code assertReplayEqualsLive} (the fold harness folds its whole log
 *       again from empty), or {@code Fold.apply} repeatedly (in a loop or a lambda handed to {@code
 *       forEach}, {@code map} or {@code reduce}), directly or through helpers of its own file.
 *   <li>{@code API E2E} and {@code E2E (smoke)}: a test of the {@code arco-api} module (under {@code
 *       arco-api/src/test/java/}), which drives a real server or the command line.
 *   <li>{@code Parity gate}: a method of a {@code *ParityGates*Test} class.
 *   <li>{@code Declared}: no test; only for Exception rows, which cite an exception card.
 * </ul>
 *
 * <p>A Python {@code unittest} method ({@code clients/python/tests/test_*.py}) proves two kinds,
 * told apart by its file's name: a suite named {@code test_e2e_*.py} starts a real {@code arco
 * serve} (the shared server of {@code tests/support}) and proves {@code API E2E} and {@code E2E
 * (smoke)}; any other suite starts no Arco server and proves {@code Unit}. No Python test proves
 * the Java-only kinds (property, contract, replay, parity gate).
 */
enum ProofLevel {
  UNIT("Unit", "a test (for Python, one of a clients/python/tests/test_*.py suite not named test_e2e_*)"),
  PROPERTY("Unit (property)", "a property test (a jqwik @Property method)"),
  CONTRACT(
      "Contract test",
      "a contract test (a method of a *Contract file, or of a class extending or implementing a"
          + " *Contract type)"),
  REPLAY(
      "replay",
      "a replay test (one that refolds a log: it calls Engine.rebuild, LogReplay.replay or"
          + " assertReplayEqualsLive, or Fold.apply in a loop, directly or through helpers of its"
          + " file)"),
  API_E2E(
      "API E2E",
      "an API end-to-end test (a test under arco-api/src/test/java/, or of a Python suite"
          + " clients/python/tests/test_e2e_*.py)"),
  SMOKE(
      "E2E (smoke)",
      "an end-to-end test (a test under arco-api/src/test/java/, or of a Python suite"
          + " clients/python/tests/test_e2e_*.py)"),
  PARITY_GATE("Parity gate", "a parity gate test (a method of a *ParityGates*Test class)"),
  DECLARED("Declared", "no test: it is for Exception rows");

  static final String API_TESTS = "arco-api/src/test/java/";
  private static final Pattern GATE_FILE = Pattern.compile(".*ParityGates.*Test\\.java");

  final String label;
  final String requirement;

  ProofLevel(String label, String requirement) {
    this.label = label;
    this.requirement = requirement;
  }

  /** The level a part of the cell names (case-insensitively), if any. */
  static Optional<ProofLevel> of(String part) {
    String wanted = part.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.label.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** The labels, for messages: {@code Unit, Unit (property), …, Parity gate or Declared}. */
  static String labels() {
    String all = Arrays.stream(values()).map(l -> l.label).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }

  /** Whether the test method {@code method} of {@code file} (at {@code path}) is of this kind. */
  boolean provedBy(String path, JavaFile file, JavaFile.Declaration method) {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    return switch (this) {
      case UNIT -> true;
      case PROPERTY -> method.annotations().contains("Property");
      case CONTRACT ->
          fileName.endsWith("Contract.java")
              || file.supertypes(method.owner()).stream().anyMatch(t -> t.endsWith("Contract"));
      case REPLAY -> file.callsReachedFrom(method).stream().anyMatch(ProofLevel::refoldsALog);
      case API_E2E, SMOKE -> path.startsWith(API_TESTS);
      case PARITY_GATE -> GATE_FILE.matcher(fileName).matches();
      case DECLARED -> false;
    };
  }

  /** The prefix of the Python SDK's end-to-end suites, which start a real server. */
  static final String PYTHON_E2E_PREFIX = "test_e2e";

  /** Whether a test method of the Python suite at {@code path} is of this kind. */
  boolean provedByPython(String path) {
    boolean e2e = path.substring(path.lastIndexOf('/') + 1).startsWith(PYTHON_E2E_PREFIX);
    return switch (this) {
      case UNIT -> !e2e;
      case API_E2E, SMOKE -> e2e;
      case PROPERTY, CONTRACT, REPLAY, PARITY_GATE, DECLARED -> false;
    };
  }

  private static boolean refoldsALog(JavaFile.Call call) {
    Optional<String> scope = call.scope();
    return switch (call.name()) {
      case "rebuild" -> scope.equals(Optional.of("Engine"));
      case "replay" -> scope.equals(Optional.of("LogReplay"));
      case "assertReplayEqualsLive" -> true;
      case "apply" -> scope.equals(Optional.of("Fold")) && call.repeated();
      default -> false;
    };
  }
}
