package io.arco.flow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnixCronTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 9 * * 1-5",
        "0 0 * * 0",
        "0 0 * * 7",
        "*/15 * * * *",
        "0 0 1 JAN *",
        "0 0 * * MON-FRI",
        "30 0 9 * * 1-5",
        "  0   9 *\t* 1  "
      })
  void unixExpressionsParse(String expression) {
    assertThat(UnixCron.problem(expression)).isEmpty();
    assertThat(UnixCron.parse(expression)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"* * * *", "0 0 0 1 1 * 2025", "@daily", ""})
  void otherFieldCountsAreRefused(String expression) {
    assertThat(UnixCron.problem(expression)).contains(UnixCron.Problem.FIELD_COUNT);
    assertThatThrownBy(() -> UnixCron.parse(expression))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "61 * * * *",
        "0 24 * * *",
        "0 0 32 * *",
        "0 0 * * 8",
        "0 0 ? * *",
        "x * * * *",
        "60 0 0 * * *"
      })
  void malformedExpressionsAreUnparsable(String expression) {
    assertThat(UnixCron.problem(expression)).contains(UnixCron.Problem.UNPARSABLE);
  }
}
