package io.arco.xtask.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.xtask.Fixture;
import io.arco.xtask.check.CheckReport;
import io.arco.xtask.check.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parity-matrix-check over the good fixture tree and one mutation per kind of bad row. */
class ParityMatrixCheckTest {
  private static final String MATRIX = "docs/parity/dagster-parity-matrix.md";
  private static final String FOLD = "arco-flow/src/main/java/io/arco/flow/fold/Fold.java";
  private static final String FOLD_TEST = "arco-flow/src/test/java/io/arco/flow/fold/FoldTest.java";
  private static final String GATES =
      "arco-flow/src/test/java/io/arco/flow/parity/OrchestrationParityGatesM1Test.java";
  private static final String CI = ".github/workflows/ci.yml";
  private static final String FOLD_ROW = "| Fold replay |";
  private static final String FOLD_TESTS_CELL =
      "`" + FOLD_TEST + "` (`replayEqualsLive`, `goldenLogsReplay`)";
  private static final String FOLD_CI_CELL = "`.github/workflows/ci.yml` `mvn -B -pl arco-flow verify` |";

  @TempDir Path temp;
  private Fixture fixture;

  @BeforeEach
  void copyGoodTree() {
    fixture = Fixture.copy("good", temp);
  }

  private CheckReport check() {
    return ParityMatrixCheck.run(fixture.repo());
  }

  private List<String> findings() {
    return check().findings().stream().map(Finding::render).toList();
  }

  private String atRow(String rowSnippet, String message) {
    return MATRIX + ":" + fixture.lineOf(MATRIX, rowSnippet) + ": " + message;
  }

  @Test
  void goodMatrixPasses() {
    CheckReport report = check();

    assertThat(report.findings()).isEmpty();
    assertThat(report.successLine())
        .isEqualTo(
            "parity-matrix-check: 9 rows OK"
                + " (1 Designed, 2 Exception, 4 Implemented, 1 Partial, 1 Planned)");
  }

  @Test
  void unknownStatusFails() {
    fixture.replace(MATRIX, "| Deterministic fold | Implemented |", "| Deterministic fold | Done |");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": unknown status \"Done\" (expected Implemented, Partial,"
                    + " Designed, Planned or Exception, optionally followed by a parenthesised"
                    + " remark)"));
  }

  @Test
  void implementedRowWithEmptyEvidenceCellFails() {
    fixture.replace(MATRIX, FOLD_TESTS_CELL, "—");

    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": Implemented row has an empty Evidence (Tests) cell"));
  }

  @Test
  void evidenceCitingDocsPlansFails() {
    fixture.replace(
        MATRIX, "`" + FOLD + ":Fold.apply`", "`" + FOLD + ":Fold.apply`, `docs/plans/2025-01-01-plan.md`");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Code) cites docs/plans/"
                    + " (docs/plans/2025-01-01-plan.md); plans and evidence notes are not evidence"));
  }

  @Test
  void evidenceLinkingIntoDocsPlansFails() {
    fixture.replace(MATRIX, FOLD_CI_CELL,
        "`.github/workflows/ci.yml` `mvn -B -pl arco-flow verify`, see [run](../plans/2025-01-01-plan.md) |");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (CI) cites docs/plans/"
                    + " (../plans/2025-01-01-plan.md); plans and evidence notes are not evidence"));
  }

  @Test
  void implementedRowCitingMissingPathFails() {
    fixture.replace(MATRIX, "fold/Fold.java:Fold.apply", "fold/Folds.java:Fold.apply");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Code) cites"
                    + " `arco-flow/src/main/java/io/arco/flow/fold/Folds.java`, which does not exist"));
  }

  @Test
  void deletingCitedFileFailsEveryRowCitingIt() {
    fixture.delete("arco-api/src/main/java/io/arco/api/run/RunRoutes.java");

    String missing =
        "Evidence (Code) cites `arco-api/src/main/java/io/arco/api/run/RunRoutes.java`,"
            + " which does not exist";
    assertThat(findings())
        .containsExactly(
            atRow("| Rerun from failure |", "row \"Rerun from failure\": " + missing),
            atRow("| Rerun reasons |", "row \"Rerun reasons\": " + missing));
  }

  @Test
  void symbolNotDeclaredInFileFails() {
    fixture.replace(MATRIX, "Fold.java:Fold.apply", "Fold.java:Fold.applyAll");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Code): symbol `Fold.applyAll` is not declared in "
                    + FOLD));
  }

  @Test
  void nameOnlyInCommentOrStringIsNotASymbol() {
    fixture.replace(MATRIX, "Fold.java:Fold.apply", "Fold.java:applyAll,replayEqualsLive");

    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": Evidence (Code): symbol `applyAll` is not declared in " + FOLD),
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Code): symbol `replayEqualsLive` is not declared in "
                    + FOLD));
  }

  @Test
  void lineAnchorInsteadOfSymbolFails() {
    fixture.replace(MATRIX, "Fold.java:Fold.apply", "Fold.java:12");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Code) cites the line anchor `"
                    + FOLD
                    + ":12`; line numbers drift, cite a class, method or field"));
  }

  @Test
  void implementedRowCitingMissingTestMethodFails() {
    fixture.replace(MATRIX, "(`replayEqualsLive`,", "(`replayMatchesLive`,");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests): test method `replayMatchesLive` not found in "
                    + FOLD_TEST));
  }

  @Test
  void renamingCitedTestMethodFails() {
    fixture.replace(FOLD_TEST, "void replayEqualsLive()", "void replayIsLive()");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests): test method `replayEqualsLive` not found in "
                    + FOLD_TEST));
  }

  @Test
  void citedMethodWithoutTestAnnotationFails() {
    fixture.replace(MATRIX, "`goldenLogsReplay`)", "`helperThatIsNotATest`)");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests): `helperThatIsNotATest` in "
                    + FOLD_TEST
                    + " is not a test method (no @Test, @ParameterizedTest, @RepeatedTest,"
                    + " @TestFactory, @Property or @Example)"));
  }

  @Test
  void commentedOutTestMethodDoesNotCount() {
    fixture.replace(MATRIX, "`goldenLogsReplay`)", "`commentedOutTest`)");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests): test method `commentedOutTest` not found in "
                    + FOLD_TEST));
  }

  @Test
  void disabledTestMethodFails() {
    fixture.replace(MATRIX, "`goldenLogsReplay`)", "`disabledReplay`)");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests): test method `disabledReplay` in "
                    + FOLD_TEST
                    + " is @Disabled"));
  }

  @Test
  void implementedRowWithoutTestFileFails() {
    fixture.replace(MATRIX, FOLD_TESTS_CELL, "`" + FOLD + "` (`apply`)");

    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": Evidence (Tests) names no test file under src/test/java or clients/python/tests/"));
  }

  @Test
  void testFileWithoutTestMethodFails() {
    fixture.replace(MATRIX, FOLD_TESTS_CELL, "`" + FOLD_TEST + "`");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (Tests) names `" + FOLD_TEST + "` but no test method in it"));
  }

  @Test
  void ciCommandNotInWorkflowFails() {
    fixture.replace(MATRIX, FOLD_CI_CELL, "`.github/workflows/ci.yml` `mvn -B -pl arco-flow verify -Pfast` |");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (CI): command `mvn -B -pl arco-flow verify -Pfast`"
                    + " does not occur in .github/workflows/ci.yml"));
  }

  @Test
  void fragmentOfLongerWorkflowCommandIsNotVerbatim() {
    fixture.replace(MATRIX, FOLD_CI_CELL, "`.github/workflows/ci.yml` `mvn -B -pl arco-flow test` |");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": Evidence (CI): command `mvn -B -pl arco-flow test`"
                    + " does not occur in .github/workflows/ci.yml"));
  }

  @Test
  void editingCitedCommandInWorkflowFails() {
    fixture.replace(CI, "run: mvn -B -pl arco-flow verify", "run: mvn -B -pl arco-flow install");

    String message =
        "Evidence (CI): command `mvn -B -pl arco-flow verify` does not occur in .github/workflows/ci.yml";
    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": " + message),
            atRow("| Schedule ticks |", "row \"Schedule ticks\": " + message));
  }

  @Test
  void implementedRowNotCitingWorkflowFileFails() {
    fixture.replace(MATRIX, FOLD_CI_CELL, "`mvn -B -pl arco-flow verify` |");

    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": Evidence (CI) does not cite .github/workflows/ci.yml"));
  }

  @Test
  void ciCommandForAnotherModuleFails() {
    fixture.replace(MATRIX, FOLD_CI_CELL, "`.github/workflows/ci.yml` `mvn -B -pl arco-api -am verify` |");

    String why =
        ": `mvn -B -pl arco-api -am verify` -pl arco-api does not select module arco-flow"
            + " (-am builds upstream modules but -pl must name the test's module)";
    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": no cited CI command would run FoldTest#replayEqualsLive" + why),
            atRow(FOLD_ROW, "row \"Fold replay\": no cited CI command would run FoldTest#goldenLogsReplay" + why));
  }

  @Test
  void ciCommandWhoseTestFilterMissesTheCitedTestFails() {
    String gatesCommand = "mvn -B -pl arco-flow test -Dtest=io.arco.flow.parity.OrchestrationParityGatesM1Test";
    fixture.replace(MATRIX, FOLD_CI_CELL, "`.github/workflows/ci.yml` `" + gatesCommand + "` |");

    String why =
        ": `" + gatesCommand + "` -Dtest=io.arco.flow.parity.OrchestrationParityGatesM1Test does not select ";
    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": no cited CI command would run FoldTest#replayEqualsLive"
                    + why
                    + "FoldTest#replayEqualsLive"),
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": no cited CI command would run FoldTest#goldenLogsReplay"
                    + why
                    + "FoldTest#goldenLogsReplay"));
  }

  @Test
  void oneSelectingCommandAmongSeveralIsEnough() {
    fixture.replace(
        MATRIX,
        FOLD_CI_CELL,
        "`.github/workflows/ci.yml` `mvn -B -pl arco-api -am verify`, `mvn -B -pl arco-flow verify` |");

    assertThat(findings()).isEmpty();
  }

  @Test
  void exceptionRowWithUnknownIdFails() {
    fixture.replace(MATRIX, "| EX-01 |", "| EX-09 |");

    assertThat(findings())
        .containsExactly(
            atRow(
                "| Op/job authoring |",
                "row \"Op/job authoring\": cites EX-09, which"
                    + " docs/parity/dagster-parity-exceptions.md does not define"));
  }

  @Test
  void exceptionRowWithoutIdFails() {
    fixture.replace(MATRIX, "See EX-02.", "See the exceptions doc.");

    assertThat(findings())
        .containsExactly(
            atRow(
                "| GraphQL |",
                "row \"GraphQL\": Exception row cites no EX-NN id of"
                    + " docs/parity/dagster-parity-exceptions.md"));
  }

  @Test
  void plannedRowWithoutNotesFails() {
    fixture.replace(MATRIX, "| No UI exists. |", "|  |");

    assertThat(findings())
        .containsExactly(
            atRow("| Run UI |", "row \"Run UI\": Planned row must say in Notes what is missing"));
  }

  @Test
  void partialRowCitingMissingPathFails() {
    fixture.replace(MATRIX, "RunRoutes.java` | — | — |", "RunRoutes2.java` | — | — |");

    assertThat(findings())
        .containsExactly(
            atRow(
                "| Rerun reasons |",
                "row \"Rerun reasons\": Evidence (Code) cites"
                    + " `arco-api/src/main/java/io/arco/api/run/RunRoutes2.java`, which does not exist"));
  }

  @Test
  void designedRowCitingMissingTestMethodFails() {
    fixture.replace(
        MATRIX,
        "| Designed | API E2E | — | — |",
        "| Designed | API E2E | — | `" + FOLD_TEST + "` `skipIsAttributed` |");

    assertThat(findings())
        .containsExactly(
            atRow(
                "| Skip attribution |",
                "row \"Skip attribution\": Evidence (Tests): test method `skipIsAttributed` not found in "
                    + FOLD_TEST));
  }

  @Test
  void unclaimedParityGateTestFails() {
    fixture.replace(
        GATES, "  void scheduleTickCreatesOneRunPerTick() {}", "  void scheduleTickCreatesOneRunPerTick() {}\n\n  @Test\n  void backfillGate() {}");

    assertThat(findings())
        .containsExactly(
            GATES
                + ":"
                + fixture.lineOf(GATES, "void backfillGate()")
                + ": parity gate test OrchestrationParityGatesM1Test#backfillGate is not cited by any"
                + " Implemented row of docs/parity/dagster-parity-matrix.md");
  }

  @Test
  void gateCitedOnlyByPlannedRowIsUnclaimed() {
    fixture.replace(MATRIX, "| **Implemented** |", "| Planned |");

    assertThat(findings())
        .containsExactly(
            GATES
                + ":"
                + fixture.lineOf(GATES, "void scheduleTickCreatesOneRunPerTick()")
                + ": parity gate test OrchestrationParityGatesM1Test#scheduleTickCreatesOneRunPerTick"
                + " is not cited by any Implemented row of docs/parity/dagster-parity-matrix.md");
  }

  @Test
  void repositoryWithoutParityGatesPasses() {
    fixture.delete(GATES);
    String matrix = fixture.read(MATRIX);
    String withoutGateRows =
        matrix.lines()
            .filter(l -> !l.contains("OrchestrationParityGatesM1Test"))
            .reduce("", (a, b) -> a + b + "\n");
    fixture.write(MATRIX, withoutGateRows);

    assertThat(findings()).isEmpty();
  }

  @Test
  void pipeInsideBackticksDoesNotShiftColumns() {
    fixture.replace(MATRIX, "| Schedule ticks | Cron ticks |", "| Schedule `tick | cron` | `a|b` ticks |");

    CheckReport report = check();

    assertThat(report.findings()).isEmpty();
    assertThat(report.successLine()).startsWith("parity-matrix-check: 9 rows OK");
  }

  @Test
  void pipeInsideBackticksKeepsLaterCellsReadable() {
    fixture.replace(MATRIX, "| Schedule ticks | Cron ticks | **Implemented** |", "| Schedule `a | b` ticks | Cron | Done |");

    assertThat(findings())
        .containsExactly(
            GATES
                + ":"
                + fixture.lineOf(GATES, "void scheduleTickCreatesOneRunPerTick()")
                + ": parity gate test OrchestrationParityGatesM1Test#scheduleTickCreatesOneRunPerTick"
                + " is not cited by any Implemented row of docs/parity/dagster-parity-matrix.md",
            atRow(
                "| Schedule `a | b` ticks |",
                "row \"Schedule a | b ticks\": unknown status \"Done\" (expected Implemented, Partial,"
                    + " Designed, Planned or Exception, optionally followed by a parenthesised"
                    + " remark)"));
  }

  @Test
  void tableMissingRequiredColumnFails() {
    fixture.replace(MATRIX, "| Evidence (CI) | Notes |", "| CI | Notes |");

    assertThat(findings())
        .contains(
            MATRIX
                + ":"
                + fixture.lineOf(MATRIX, "| CI | Notes |")
                + ": table under \"Run identity\" lacks the column \"Evidence (CI)\"");
  }

  @Test
  void missingMatrixFails() {
    fixture.delete(MATRIX);

    assertThat(findings()).contains(MATRIX + ":1: parity matrix not found");
  }

  @Test
  void everyFindingIsReportedNotOnlyTheFirst() {
    fixture.replace(MATRIX, "| EX-01 |", "| EX-09 |");
    fixture.replace(MATRIX, "| No UI exists. |", "|  |");

    CheckReport report = check();

    assertThat(report.findings()).hasSize(2);
    assertThat(report.failureLine()).isEqualTo("parity-matrix-check failed with 2 error(s)");
  }

  // ---- proof levels ----------------------------------------------------------------------------

  private static final String FOLD_LEVEL = "| Fold replay | Deterministic fold | Implemented | Unit |";
  private static final String RERUN_LEVEL = "| `POST /runs/{id}/rerun` | Implemented | API E2E |";
  private static final String REPLAY_NEEDS =
      "a replay test (one that refolds a log: it calls Engine.rebuild, LogReplay.replay or"
          + " assertReplayEqualsLive, or Fold.apply in a loop, directly or through helpers of its"
          + " file)";

  private void foldLevel(String level) {
    fixture.replace(MATRIX, FOLD_LEVEL, "| Fold replay | Deterministic fold | Implemented | " + level + " |");
  }

  @Test
  void apiE2eRowCitingNoArcoApiTestFails() {
    foldLevel("Unit + API E2E");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": proof level \"Unit + API E2E\" claims API E2E, which needs an API"
                    + " end-to-end test (a test under arco-api/src/test/java/, or of a Python suite"
                    + " clients/python/tests/test_e2e_*.py), but no cited test is one"));
  }

  @Test
  void parityGateRowCitingNoGateTestFails() {
    fixture.replace(MATRIX, RERUN_LEVEL, "| `POST /runs/{id}/rerun` | Implemented | Parity gate |");

    assertThat(findings())
        .containsExactly(
            atRow(
                "| Rerun from failure |",
                "row \"Rerun from failure\": proof level \"Parity gate\" claims Parity gate, which needs"
                    + " a parity gate test (a method of a *ParityGates*Test class), but no cited test is"
                    + " one"));
  }

  @Test
  void replayRowCitingNoTestThatRefoldsALogFails() {
    foldLevel("Unit + replay");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": proof level \"Unit + replay\" claims replay, which needs "
                    + REPLAY_NEEDS + ", but no cited test is one"));
  }

  @Test
  void replayRowCitingATestThatFoldsALogThroughAHelperPasses() {
    fixture.replace(
        FOLD_TEST,
        "  void helperThatIsNotATest() {}",
        """
          void helperThatIsNotATest() {}

          @Test
          void refoldingTheLogGivesTheSameState() {
            assertEquals("ab", refold(java.util.List.of("a", "b")));
          }

          private static String refold(java.util.List<String> log) {
            String[] state = {""};
            log.forEach(e -> state[0] = Fold.apply(state[0], e));
            return state[0];
          }\
        """);
    fixture.replace(MATRIX, "(`replayEqualsLive`, `goldenLogsReplay`)", "(`replayEqualsLive`, `refoldingTheLogGivesTheSameState`)");
    foldLevel("Unit + replay");

    assertThat(findings()).isEmpty();
  }

  @Test
  void propertyRowCitingNoPropertyTestFails() {
    foldLevel("Unit (property)");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": proof level \"Unit (property)\" claims Unit (property), which"
                    + " needs a property test (a jqwik @Property method), but no cited test is one"));
  }

  @Test
  void contractRowPassesOnlyWithATestOfASharedContract() {
    foldLevel("Contract test");
    String needs =
        atRow(
            FOLD_ROW,
            "row \"Fold replay\": proof level \"Contract test\" claims Contract test, which needs a"
                + " contract test (a method of a *Contract file, or of a class extending or"
                + " implementing a *Contract type), but no cited test is one");
    assertThat(findings()).containsExactly(needs);

    fixture.replace(FOLD_TEST, "class FoldTest {", "class FoldTest implements FoldContract {");

    assertThat(findings()).isEmpty();
  }

  @Test
  void unknownProofLevelFails() {
    foldLevel("Unit + Magic");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": unknown proof level \"Magic\" in \"Unit + Magic\" (expected Unit,"
                    + " Unit (property), Contract test, replay, API E2E, E2E (smoke), Parity gate or"
                    + " Declared, joined by +)"));
  }

  @Test
  void declaredIsForExceptionRowsOnly() {
    foldLevel("Declared");
    fixture.replace(MATRIX, "| Exception | Declared |", "| Exception | Unit |");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": proof level Declared is for Exception rows; an Implemented row"
                    + " cites tests"),
            atRow("| Op/job authoring |", "row \"Op/job authoring\": an Exception row's proof level is Declared, not \"Unit\""));
  }

  @Test
  void implementedRowWithoutAProofLevelFails() {
    foldLevel("—");

    assertThat(findings())
        .containsExactly(
            atRow(FOLD_ROW, "row \"Fold replay\": Implemented row has an empty Proof Level Required cell"));
  }

  @Test
  void aContractMethodRunsThroughTheTestClassesThatExtendIt() {
    String contract = "arco-flow/src/test/java/io/arco/flow/fold/FoldContract.java";
    fixture.write(
        contract,
        """
        package io.arco.flow.fold;

        import org.junit.jupiter.api.Test;

        abstract class FoldContract {
          @Test
          void everyImplementationFoldsAlike() {}
        }
        """);
    fixture.replace(MATRIX, FOLD_TESTS_CELL, "`" + contract + "` (`everyImplementationFoldsAlike`)");
    foldLevel("Contract test");

    assertThat(findings())
        .containsExactly(
            atRow(
                FOLD_ROW,
                "row \"Fold replay\": no cited CI command would run FoldContract#everyImplementationFoldsAlike:"
                    + " `mvn -B -pl arco-flow verify` runs no -Dtest filter and FoldContract does not match"
                    + " Surefire's default includes"));

    fixture.write(
        "arco-flow/src/test/java/io/arco/flow/fold/InMemoryFoldTest.java",
        "package io.arco.flow.fold;\n\nclass InMemoryFoldTest extends FoldContract {}\n");

    assertThat(findings()).isEmpty();
  }

  private static final String PY_ROW = "| Python manifests |";
  private static final String PY_UNIT = "clients/python/tests/test_manifest.py";

  /**
   * Makes the good tree's Python suites (under {@code clients/python/tests}, in the fixture) part of
   * the repository: the module in the root pom, its CI step and a matrix row citing them.
   */
  private void withPythonSdk() {
    fixture.replace("pom.xml", "    <module>arco-api</module>\n",
        "    <module>arco-api</module>\n    <module>clients/python</module>\n");
    fixture.replace(CI, "  gates:",
        "  python-sdk:\n"
            + "    runs-on: ubuntu-latest\n"
            + "    steps:\n"
            + "      - name: Python SDK suites\n"
            + "        run: mvn -B -pl clients/python -am verify -DskipTests\n"
            + "\n"
            + "  gates:");
    fixture.replace(MATRIX, "\n## Exceptions\n", """

        ## Python SDK

        | Capability | Arco Feature | Status | Proof Level Required | Evidence (Code) | Evidence (Tests) | Evidence (CI) | Notes |
        |---|---|---|---|---|---|---|---|
        | Python manifests | `@asset` functions become a manifest | Implemented | Unit + API E2E \
        | `clients/python/pom.xml` `arco-python-sdk` \
        | `clients/python/tests/test_manifest.py` (`test_a_module_becomes_its_manifest`, \
        `StrictManifestTest.test_keys_follow_the_grammar`), \
        `clients/python/tests/test_e2e_deploy.py#test_a_project_deploys_and_runs` \
        | `.github/workflows/ci.yml` `mvn -B -pl clients/python -am verify -DskipTests` | |

        ## Exceptions
        """);
  }

  @Test
  void pythonUnittestMethodsAreEvidenceLikeJavaTests() {
    withPythonSdk();

    CheckReport report = check();

    assertThat(report.findings()).isEmpty();
    assertThat(report.successLine())
        .isEqualTo(
            "parity-matrix-check: 10 rows OK"
                + " (1 Designed, 2 Exception, 5 Implemented, 1 Partial, 1 Planned)");
  }

  private String atPythonRow(String message) {
    return atRow(PY_ROW, "row \"Python manifests\": " + message);
  }

  @Test
  void pythonTestMethodThatDoesNotExistFails() {
    withPythonSdk();
    fixture.replace(MATRIX, "(`test_a_module_becomes_its_manifest`", "(`test_a_module_becomes_a_manifest`");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "Evidence (Tests): test method `test_a_module_becomes_a_manifest` not found in "
                    + PY_UNIT + " (expected a def test_…(self) in a unittest.TestCase class)"));
  }

  @Test
  void citingAFunctionThatIsNotATestMethodFails() {
    withPythonSdk();
    fixture.replace(MATRIX, "(`test_a_module_becomes_its_manifest`", "(`test_nested_function`, `helper`");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "Evidence (Tests): test method `test_nested_function` not found in "
                    + PY_UNIT + " (expected a def test_…(self) in a unittest.TestCase class)"),
            atPythonRow(
                "Evidence (Tests): test method `helper` not found in "
                    + PY_UNIT + " (expected a def test_…(self) in a unittest.TestCase class)"));
  }

  @Test
  void skipDecoratedPythonTestFails() {
    withPythonSdk();
    fixture.replace(MATRIX, "(`test_a_module_becomes_its_manifest`", "(`test_unknown_zones_are_refused`");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "Evidence (Tests): test method `test_unknown_zones_are_refused` in " + PY_UNIT
                    + " is skipped (@unittest.skip)"));
  }

  @Test
  void pythonTestOutsideTheSdkTestsDirectoryFails() {
    withPythonSdk();
    fixture.write(
        "clients/python/examples/test_example.py",
        "import unittest\n\nclass ExampleTest(unittest.TestCase):\n    def test_runs(self):\n        pass\n");
    fixture.replace(
        MATRIX,
        "`" + PY_UNIT + "` (`test_a_module_becomes_its_manifest`, `StrictManifestTest.test_keys_follow_the_grammar`), `clients/python/tests/test_e2e_deploy.py#test_a_project_deploys_and_runs`",
        "`clients/python/examples/test_example.py#test_runs`");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "Evidence (Tests) cites the Python test `test_runs` in"
                    + " clients/python/examples/test_example.py, which is outside clients/python/tests/:"
                    + " CI discovers Python suites (test_*.py) only there"),
            atPythonRow("Evidence (Tests) names no test file under src/test/java or clients/python/tests/"));
  }

  @Test
  void ciCommandWhosePlDoesNotSelectThePythonModuleFails() {
    withPythonSdk();
    fixture.replace(
        MATRIX,
        "`mvn -B -pl clients/python -am verify -DskipTests` |",
        "`mvn -B -pl arco-api -am test -Dtest=RunApiTest -Dsurefire.failIfNoSpecifiedTests=false` |");

    String why =
        "`mvn -B -pl arco-api -am test -Dtest=RunApiTest -Dsurefire.failIfNoSpecifiedTests=false`"
            + " does not reach the verify phase, where clients/python runs its Python suites (goals: test)";
    assertThat(findings())
        .containsExactly(
            atPythonRow("no cited CI command would run test_manifest.py#test_a_module_becomes_its_manifest: " + why),
            atPythonRow("no cited CI command would run test_manifest.py#test_keys_follow_the_grammar: " + why),
            atPythonRow("no cited CI command would run test_e2e_deploy.py#test_a_project_deploys_and_runs: " + why));
  }

  @Test
  void verifyOfAnotherModuleDoesNotRunThePythonSuites() {
    withPythonSdk();
    fixture.replace(
        MATRIX, "`mvn -B -pl clients/python -am verify -DskipTests` |", "`mvn -B -pl arco-api -am verify` |");

    String why =
        "`mvn -B -pl arco-api -am verify` -pl arco-api does not select module clients/python"
            + " (-am builds upstream modules but -pl must name the test's module)";
    assertThat(findings())
        .containsExactly(
            atPythonRow("no cited CI command would run test_manifest.py#test_a_module_becomes_its_manifest: " + why),
            atPythonRow("no cited CI command would run test_manifest.py#test_keys_follow_the_grammar: " + why),
            atPythonRow("no cited CI command would run test_e2e_deploy.py#test_a_project_deploys_and_runs: " + why));
  }

  @Test
  void apiE2eNeedsAPythonSuiteNamedTestE2e() {
    withPythonSdk();
    fixture.replace(MATRIX, ", `clients/python/tests/test_e2e_deploy.py#test_a_project_deploys_and_runs`", "");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "proof level \"Unit + API E2E\" claims API E2E, which needs an API end-to-end test (a"
                    + " test under arco-api/src/test/java/, or of a Python suite"
                    + " clients/python/tests/test_e2e_*.py), but no cited test is one"));
  }

  @Test
  void aPythonEndToEndSuiteIsNotAUnitTest() {
    withPythonSdk();
    fixture.replace(
        MATRIX,
        "`" + PY_UNIT + "` (`test_a_module_becomes_its_manifest`, `StrictManifestTest.test_keys_follow_the_grammar`), ",
        "");

    assertThat(findings())
        .containsExactly(
            atPythonRow(
                "proof level \"Unit + API E2E\" claims Unit, which needs a test (for Python, one of a"
                    + " clients/python/tests/test_*.py suite not named test_e2e_*), but no cited test is one"));
  }
}
