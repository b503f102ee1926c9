package io.arco.flow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** Dependency and purity rules of arco-flow (design/architecture.md, style §3.7). */
@AnalyzeClasses(packages = "io.arco.flow", importOptions = ImportOption.DoNotIncludeTests.class)
class FlowArchitectureTest {
  private static final String[] PURE = {
    "io.arco.flow.model..",
    "io.arco.flow.event..",
    "io.arco.flow.plan..",
    "io.arco.flow.fold..",
    "io.arco.flow.control..",
    "io.arco.flow.query.."
  };

  @ArchTest
  static final ArchRule flowHasNoHttpTypes =
      noClasses()
          .that()
          .resideInAPackage("io.arco.flow..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.arco.api..", "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "java.net.http..")
          .because("arco-flow is the engine; HTTP lives in arco-api only");

  @ArchTest
  static final ArchRule flowKnowsNoMetricsLibrary =
      noClasses()
          .that()
          .resideInAPackage("io.arco.flow..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.micrometer..", "io.prometheus..")
          .because(
              "the engine reports through EngineObserver and WorkspaceStats; arco-api binds them to"
                  + " Micrometer");

  @ArchTest
  static final ArchRule belowEngineNothingReadsClockOrRandomness =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(UUID.class, "randomUUID")
          .orShould()
          .callMethod(Math.class, "random")
          .orShould()
          .callConstructor(Random.class)
          .orShould()
          .callConstructor(java.security.SecureRandom.class)
          .because("time and ids arrive as data: the fold and controllers are deterministic");

  @ArchTest
  static final ArchRule belowEngineNoClockOrIoTypes =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.io..", "java.nio.file..", "java.net..", "java.sql..")
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(java.time.Clock.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(java.time.InstantSource.class)
          .because("the fold, planner, controllers and read models do no I/O and read no clock");

  @ArchTest
  static final ArchRule foldDoesNotTouchStorageOrEngine =
      noClasses()
          .that()
          .resideInAnyPackage("io.arco.flow.fold..", "io.arco.flow.control..", "io.arco.flow.query..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.arco.flow.store..", "io.arco.flow.engine..")
          .because("projections are folded purely from events; storage is the engine's concern");

  @ArchTest
  static final ArchRule flowPackagesAreFreeOfCycles =
      slices().matching("io.arco.flow.(*)..").should().beFreeOfCycles();
}
