package io.arco.xtask.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Declarations and test methods found by parsing, not by text search. */
class JavaFileTest {
  private static JavaFile parse(String source) {
    return switch (JavaFile.parse("X.java", source)) {
      case JavaFile.Parsed.Ok ok -> ok.file();
      case JavaFile.Parsed.Failed failed -> throw new AssertionError(failed.message());
    };
  }

  private static List<String> names(List<JavaFile.Declaration> declarations) {
    return declarations.stream().map(JavaFile.Declaration::name).toList();
  }

  @Test
  void everyKindOfDeclarationIsFound() {
    JavaFile file =
        parse(
            """
            package p;
            /** mentions ghost() */
            public final class Outer {
              static final int A = 1, B = 2;
              Outer() {}
              void method() { String s = "notADeclaration"; }
              record Point(int x, int y) {}
              enum Color { RED, GREEN }
              @interface Marker { String value(); }
              sealed interface Shape permits Square {}
              record Square() implements Shape {}
            }
            """);

    assertThat(names(file.declarations()))
        .contains("Outer", "A", "B", "method", "Point", "x", "y", "Color", "RED", "GREEN", "Marker",
            "value", "Shape", "Square")
        .doesNotContain("ghost", "notADeclaration", "s");
  }

  @Test
  void qualifiedSymbolsMustBeDeclaredByTheirOwner() {
    JavaFile file =
        parse(
            """
            class Outer {
              static class Inner { int field; }
              int other;
            }
            """);

    assertThat(file.resolve("Outer.Inner.field")).hasSize(1);
    assertThat(file.resolve("Inner#field")).hasSize(1);
    assertThat(file.resolve("Outer.field")).isEmpty();
    assertThat(file.resolve("Missing.field")).isEmpty();
    assertThat(file.resolve("other()")).hasSize(1);
  }

  @Test
  void everyTestAnnotationMarksATestMethod() {
    JavaFile file =
        parse(
            """
            import org.junit.jupiter.api.*;
            import net.jqwik.api.*;
            class T {
              @Test void a() {}
              @org.junit.jupiter.params.ParameterizedTest void b(int i) {}
              @RepeatedTest(3) void c() {}
              @TestFactory java.util.List<DynamicTest> d() { return null; }
              @Property void e() {}
              @Example void f() {}
              @BeforeEach void setUp() {}
              void helper() {}
            }
            """);

    assertThat(names(file.testMethods())).containsExactly("a", "b", "c", "d", "e", "f");
  }

  @Test
  void classLevelDisabledAndTagsReachTheMethods() {
    JavaFile file =
        parse(
            """
            @Tag("postgres")
            class T {
              @Nested @Disabled class Off { @Test @Tag("slow") void a() {} }
              @Test void b() {}
            }
            """);

    JavaFile.Declaration a = file.resolve("Off.a").get(0);
    JavaFile.Declaration b = file.resolve("b").get(0);
    assertThat(a.disabled()).isTrue();
    assertThat(a.tags()).containsExactlyInAnyOrder("postgres", "slow");
    assertThat(b.disabled()).isFalse();
    assertThat(b.tags()).containsExactly("postgres");
  }

  @Test
  void syntaxErrorIsReportedWithItsLine() {
    JavaFile.Parsed parsed = JavaFile.parse("X.java", "class X {\n  void m( {\n}\n");

    assertThat(parsed).isInstanceOf(JavaFile.Parsed.Failed.class);
    assertThat(((JavaFile.Parsed.Failed) parsed).line()).isEqualTo(2);
  }

  @Test
  void callsAreFollowedThroughHelpersOfTheFileAndMarkedRepeatedInLoops() {
    JavaFile file =
        parse(
            """
            class T implements Base, Other.Contract {
              @Test void direct() { Fold.apply(s, e); h.check(); }
              @Test void viaHelper() { refold(log); }
              @Test void viaHelperInLoop() { for (var x : xs) { once(x); } }
              @Property void lambda() { log.forEach(e -> assertThat(Fold.apply(s, e)).isTrue()); }
              @Test void recursive() { again(); }
              private static void refold(java.util.List<String> log) {
                while (more()) { Fold.apply(s, next()); }
              }
              private static void once(String x) { Fold.apply(s, x); }
              private static void again() { again(); }
            }
            """);

    assertThat(file.callsReachedFrom(file.resolve("direct").get(0)))
        .contains(new JavaFile.Call("apply", Optional.of("Fold"), false))
        .contains(new JavaFile.Call("check", Optional.of("h"), false))
        .noneMatch(JavaFile.Call::repeated);
    assertThat(file.callsReachedFrom(file.resolve("viaHelper").get(0)))
        .contains(new JavaFile.Call("apply", Optional.of("Fold"), true));
    assertThat(file.callsReachedFrom(file.resolve("viaHelperInLoop").get(0)))
        .contains(new JavaFile.Call("apply", Optional.of("Fold"), true));
    assertThat(file.callsReachedFrom(file.resolve("lambda").get(0)))
        .contains(new JavaFile.Call("apply", Optional.of("Fold"), true));
    assertThat(file.callsReachedFrom(file.resolve("recursive").get(0)))
        .containsExactly(new JavaFile.Call("again", Optional.empty(), false));
    assertThat(file.resolve("lambda").get(0).annotations()).containsExactly("Property");
    assertThat(file.supertypes("T")).containsExactlyInAnyOrder("Base", "Contract");
    assertThat(file.supertypes("Missing")).isEmpty();
  }
}
