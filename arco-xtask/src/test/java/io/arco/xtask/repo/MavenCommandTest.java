package io.arco.xtask.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tests a Maven command line would run, by Maven's and Surefire's rules. */
class MavenCommandTest {
  private static final Module FLOW = new Module("arco-flow", "arco-flow");
  private static final Module API = new Module("arco-api", "arco-api");
  private static final List<Module> MODULES = List.of(FLOW, API);
  private static final String GATES = "io.arco.flow.parity.OrchestrationParityGatesM2Test";

  private static Optional<String> whyNot(String command, String className, String method, Set<String> tags) {
    return MavenCommand.parse(command).orElseThrow().whyNotRun(FLOW, className, method, tags, MODULES);
  }

  private static Optional<String> whyNot(String command) {
    return whyNot(command, GATES, "backfillCompletes", Set.of());
  }

  @Test
  void commandWithoutProjectListRunsEveryModule() {
    assertThat(whyNot("mvn -B verify")).isEmpty();
  }

  @Test
  void projectListSelectsModuleByDirectoryOrArtifactId() {
    assertThat(whyNot("mvn -B -pl arco-flow verify")).isEmpty();
    assertThat(whyNot("mvn -B -pl ./arco-flow/ verify")).isEmpty();
    assertThat(whyNot("mvn -B -pl :arco-flow verify")).isEmpty();
    assertThat(whyNot("mvn -B --projects=arco-api,arco-flow verify")).isEmpty();
  }

  @Test
  void projectListOfAnotherModuleDoesNotRunTheTest() {
    assertThat(whyNot("mvn -B -pl arco-api verify"))
        .contains("-pl arco-api does not select module arco-flow");
    assertThat(whyNot("mvn -B -pl arco-api -am verify"))
        .contains(
            "-pl arco-api does not select module arco-flow"
                + " (-am builds upstream modules but -pl must name the test's module)");
    assertThat(whyNot("mvn -B -pl !arco-flow verify")).isPresent();
  }

  @Test
  void goalsBeforeTheTestPhaseRunNoTests() {
    assertThat(whyNot("mvn -B -pl arco-flow compile"))
        .contains("runs no test phase (goals: compile)");
    assertThat(whyNot("mvn -B -pl arco-flow surefire:test")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow install")).isEmpty();
  }

  @Test
  void skippingTestsRunsNone() {
    assertThat(whyNot("mvn -B -pl arco-flow verify -DskipTests")).contains("skips tests");
    assertThat(whyNot("mvn -B -pl arco-flow verify -Dmaven.test.skip=true")).contains("skips tests");
    assertThat(whyNot("mvn -B -pl arco-flow verify -DskipTests=false")).isEmpty();
  }

  @Test
  void testFilterMatchesSimpleQualifiedAndWildcardNames() {
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM2Test")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=" + GATES)).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=*ParityGates*")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=io/arco/flow/**/*Test")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=parity/Orchestration*")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM?Test")).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest='FoldTest, OrchestrationParityGatesM2Test'"))
        .isEmpty();
  }

  @Test
  void testFilterNamingAnotherClassDoesNotRunTheTest() {
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM1Test"))
        .contains(
            "-Dtest=OrchestrationParityGatesM1Test does not select"
                + " OrchestrationParityGatesM2Test#backfillCompletes");
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=io.arco.api.parity.OrchestrationParityGatesM2Test"))
        .isPresent();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=*ParityGates*,!OrchestrationParityGatesM2Test"))
        .isPresent();
  }

  @Test
  void methodPartOfTestFilterSelectsMethods() {
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM2Test#backfill*"))
        .isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM2Test#a+backfillCompletes"))
        .isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow test -Dtest=OrchestrationParityGatesM2Test#schedule*"))
        .isPresent();
  }

  @Test
  void withoutFilterOnlySurefireDefaultIncludesRun() {
    assertThat(whyNot("mvn -B -pl arco-flow verify", "io.arco.flow.FoldTests", "m", Set.of())).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow verify", "io.arco.flow.TestFold", "m", Set.of())).isEmpty();
    assertThat(whyNot("mvn -B -pl arco-flow verify", "io.arco.flow.FoldChecks", "m", Set.of()))
        .contains("runs no -Dtest filter and FoldChecks does not match Surefire's default includes");
  }

  @Test
  void tagFiltersSelectByJunitTags() {
    String postgres = "mvn -B -pl arco-flow verify -Dgroups=postgres";
    assertThat(whyNot(postgres, GATES, "m", Set.of("postgres"))).isEmpty();
    assertThat(whyNot(postgres, GATES, "m", Set.of())).isPresent();
    assertThat(whyNot("mvn -B -pl arco-flow verify -DexcludedGroups=postgres", GATES, "m", Set.of("postgres")))
        .isPresent();
  }

  @Test
  void nonMavenCommandsAreNotParsed() {
    assertThat(MavenCommand.parse("./xtask parity-matrix-check")).isEmpty();
    assertThat(MavenCommand.parse("./mvnw -B verify")).isPresent();
  }

  private static final Module PYTHON = new Module("clients/python", "arco-python-sdk");

  private static Optional<String> whyNotPython(String command) {
    return MavenCommand.parse(command)
        .orElseThrow()
        .whyNotRunPythonSuites(PYTHON, List.of(FLOW, API, PYTHON));
  }

  @Test
  void pythonSuitesRunInTheVerifyPhaseOfTheirModuleWhateverDtestAndSkipTestsSay() {
    assertThat(whyNotPython("mvn -B -pl clients/python -am verify -DskipTests")).isEmpty();
    assertThat(whyNotPython("mvn -B verify")).isEmpty();
    assertThat(whyNotPython("mvn -B -pl :arco-python-sdk install -Dtest=Nothing")).isEmpty();
  }

  @Test
  void pythonSuitesDoNotRunBeforeVerifyOutsideTheirModuleOrWhenSkipped() {
    assertThat(whyNotPython("mvn -B -pl clients/python -am test"))
        .contains("does not reach the verify phase, where clients/python runs its Python suites (goals: test)");
    assertThat(whyNotPython("mvn -B -pl arco-api -am verify"))
        .contains(
            "-pl arco-api does not select module clients/python"
                + " (-am builds upstream modules but -pl must name the test's module)");
    assertThat(whyNotPython("mvn -B -pl clients/python verify -Darco.python.skip=true"))
        .contains("skips the Python suites (-Darco.python.skip)");
  }
}
