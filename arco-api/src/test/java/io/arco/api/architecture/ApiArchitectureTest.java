package io.arco.api.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.arco.api.http.ApiError;
import io.arco.api.http.CallbackError;
import io.arco.api.http.ErrorMapper;
import io.arco.flow.engine.Engine;
import io.arco.flow.fold.FoldState;
import io.arco.flow.model.Scope;
import io.arco.flow.model.TriggerRequest;
import io.arco.flow.store.InMemoryEventStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * arco-api only translates: it reaches flow through the engine, its read models, ids and values,
 * and errors; and one class, the error mapper, knows statuses and builds error answers.
 */
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
  static final ArchRule apiReachesFlowOnlyThroughEngineQueryModelError =
      noClasses()
          .that()
          .resideInAPackage("io.arco.api..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.arco.flow..")
                  .and(
                      not(
                          resideInAnyPackage(
                              "io.arco.flow.engine..",
                              "io.arco.flow.query..",
                              "io.arco.flow.model..",
                              "io.arco.flow.error.."))))
          .because(
              "the api calls one engine method and maps its views, values and errors; storage, the"
                  + " fold, events, plans and controllers stay inside arco-flow");

  @ArchTest
  static final ArchRule onlyErrorMapperBuildsErrorResponses =
      constructors()
          .that()
          .areDeclaredIn(ApiError.class)
          .or()
          .areDeclaredIn(CallbackError.class)
          .should()
          .onlyBeCalled()
          .byClassesThat()
          .haveFullyQualifiedName(ErrorMapper.class.getName())
          .because("ErrorMapper is the only place that knows statuses and error codes");

  // ---- the rules can fail: classes that break them are flagged ---------------------------------

  @Test
  void aRouteThatOpensAStoreOrReadsTheFoldBreaksTheApiBoundary() {
    EvaluationResult result =
        apiReachesFlowOnlyThroughEngineQueryModelError.evaluate(
            classes(RouteOpeningAStore.class, RouteReadingTheFold.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains(RouteOpeningAStore.class.getName()) && d.contains("InMemoryEventStore"))
        .anyMatch(d -> d.contains(RouteReadingTheFold.class.getName()) && d.contains("FoldState"));
  }

  @Test
  void aRouteThatCallsTheEngineWithModelValuesKeepsTheApiBoundary() {
    EvaluationResult result =
        apiReachesFlowOnlyThroughEngineQueryModelError.evaluate(classes(RouteCallingTheEngine.class));

    assertThat(result.hasViolation()).isFalse();
  }

  @Test
  void aRouteThatBuildsItsOwnErrorBreaksTheErrorMapperRule() {
    EvaluationResult result =
        onlyErrorMapperBuildsErrorResponses.evaluate(
            classes(
                RouteBuildingItsOwnError.class, ApiError.class, CallbackError.class, ErrorMapper.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .hasSize(1)
        .allMatch(d -> d.contains(RouteBuildingItsOwnError.class.getName()));
  }

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  static final class RouteOpeningAStore {
    Object open() {
      return new InMemoryEventStore();
    }
  }

  static final class RouteReadingTheFold {
    int runs(FoldState state) {
      return state.runs().size();
    }
  }

  static final class RouteCallingTheEngine {
    String trigger(Engine engine) {
      return engine
          .triggerRun(new Scope("t", "w"), TriggerRequest.of(List.of("a.b")), "u")
          .runId();
    }
  }

  static final class RouteBuildingItsOwnError {
    ApiError teapot() {
      return new ApiError(418, "TEAPOT", "short and stout", Optional.empty());
    }
  }
}
