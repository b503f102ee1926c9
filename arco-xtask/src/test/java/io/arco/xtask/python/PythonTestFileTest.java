package io.arco.xtask.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The unittest methods a line-based read of a Python file finds, and which are skipped. */
class PythonTestFileTest {
  private static List<String> tests(String source) {
    return PythonTestFile.parse(source).testMethods().stream()
        .map(m -> m.owner() + "." + m.name())
        .toList();
  }

  @Test
  void testMethodsAreTheTestDefsOfTopLevelTestCaseClasses() {
    String source =
        """
        import unittest
        from .support.e2e import ServerTestCase


        class Plain:
            def test_not_in_a_test_case(self):
                pass


        class UnitTest(unittest.TestCase):
            def setUp(self) -> None:
                pass

            def test_one(self) -> None:
                def test_nested(self):
                    pass

            async def test_two(self):
                class Inner(unittest.TestCase):
                    def test_inner(self):
                        pass


        class E2eTest(ServerTestCase):
            def testCamel(self):
                pass

            def test_static():
                pass


        class MoreTest(
            UnitTest,  # a test class of this file
        ):
            def test_three(self,
                           ) -> None:
                pass


        def test_module_function(self):
            pass
        """;

    assertThat(tests(source))
        .containsExactly("UnitTest.test_one", "UnitTest.test_two", "E2eTest.testCamel", "MoreTest.test_three");
  }

  @Test
  void stringsAndCommentsDeclareNothing() {
    String source =
        """
        '''Module docstring.
        class Fake(unittest.TestCase):
            def test_in_docstring(self):
        '''
        import unittest

        class RealTest(unittest.TestCase):
            # def test_in_comment(self):
            def test_real(self):
                text = \"\"\"
            def test_in_string(self):
        \"\"\"
                other = "def test_in_a_literal(self): # not a comment"

            def test_after_the_string(self):
                pass
        """;

    assertThat(tests(source)).containsExactly("RealTest.test_real", "RealTest.test_after_the_string");
  }

  @Test
  void skipDecoratorsOnTheMethodOrItsClassDisableIt() {
    PythonTestFile file =
        PythonTestFile.parse(
            """
            import unittest
            from unittest import skipIf

            class SomeTest(unittest.TestCase):
                @unittest.skip("not yet")
                def test_skipped(self):
                    pass

                @skipIf(True, "never here")
                def test_conditional(self):
                    pass

                @unittest.expectedFailure
                def test_expected_to_fail(self):
                    pass

                @staticmethod
                def helper():
                    pass

                def test_runs(self):
                    pass

            @unittest.skip("whole class")
            class SkippedTest(unittest.TestCase):
                def test_inside(self):
                    pass
            """);

    assertThat(file.testMethods())
        .extracting(PythonTestFile.TestMethod::name, PythonTestFile.TestMethod::skippedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("test_skipped", Optional.of("@unittest.skip")),
            org.assertj.core.groups.Tuple.tuple("test_conditional", Optional.of("@skipIf")),
            org.assertj.core.groups.Tuple.tuple("test_expected_to_fail", Optional.of("@unittest.expectedFailure")),
            org.assertj.core.groups.Tuple.tuple("test_runs", Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("test_inside", Optional.of("@unittest.skip")));
  }

  @Test
  void aSymbolMayNameItsClassAndALaterDefinitionReplacesAnEarlierOne() {
    PythonTestFile file =
        PythonTestFile.parse(
            """
            import unittest

            class ATest(unittest.TestCase):
                @unittest.skip("old")
                def test_x(self):
                    pass

                def test_x(self):
                    pass

            class BTest(unittest.TestCase):
                def test_x(self):
                    pass
            """);

    assertThat(file.resolve("test_x")).hasSize(2).noneMatch(PythonTestFile.TestMethod::skipped);
    assertThat(file.resolve("ATest.test_x")).singleElement().extracting(PythonTestFile.TestMethod::line).isEqualTo(8);
    assertThat(file.resolve("BTest#test_x")).singleElement().extracting(PythonTestFile.TestMethod::owner).isEqualTo("BTest");
    assertThat(file.resolve("CTest.test_x")).isEmpty();
  }
}
