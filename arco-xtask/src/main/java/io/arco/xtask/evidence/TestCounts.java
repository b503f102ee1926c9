package io.arco.xtask.evidence;

/** Test totals as Surefire reports them (tests includes failures, errors and skipped). */
public record TestCounts(int tests, int failures, int errors, int skipped) {
  public static final TestCounts NONE = new TestCounts(0, 0, 0, 0);

  public TestCounts plus(TestCounts other) {
    return new TestCounts(
        tests + other.tests, failures + other.failures, errors + other.errors, skipped + other.skipped);
  }

  /** Tests that ran and passed. */
  public int passed() {
    return tests - failures - errors - skipped;
  }
}
