package io.arco.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** arco-api only translates: routes reach flow through the engine, never storage or the fold. */
@AnalyzeClasses(packages = "io.arco", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiArchitectureTest {
  @ArchTest
  static final ArchRule flowNeverDependsOnApi =
      noClasses()
          .that()
          .resideInAPackage("io.arco.flow..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.arco.api..")
          .because("dependencies point from api to flow only");

  @ArchTest
  static final ArchRule routesDoNotTouchStorage =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.arco.api.http..", "io.arco.api.run..", "io.arco.api.manifest..",
              "io.arco.api.worker..", "io.arco.api.ops..", "io.arco.api.partitionset..", "io.arco.api.partition..",
              "io.arco.api.settings..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.arco.flow.store..")
          .because("routes call one engine method; only the command line wires a store");

  @ArchTest
  static final ArchRule routesDoNotFoldOrMutateProjections =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.arco.api.http..", "io.arco.api.run..", "io.arco.api.manifest..",
              "io.arco.api.worker..", "io.arco.api.ops..", "io.arco.api.partitionset..", "io.arco.api.partition..",
              "io.arco.api.settings..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.arco.flow.fold.Fold")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.arco.flow.fold.FoldState")
          .because("business rules live in arco-flow; the api reads views through the engine");
}
