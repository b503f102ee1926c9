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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 30 2 *",
        "0 0 31 4,6,9,11 *",
        "*/5 * 30-31 2 *",
        "0 0 0 30 2 *",
        "59 59 23 31 11 *"
      })
  void expressionsThatMatchNoDateNeverFireButStillParse(String expression) {
    assertThat(UnixCron.problem(expression)).contains(UnixCron.Problem.NEVER_FIRES);
    // Stored definitions from before decisions §7.7 stay readable.
    assertThat(UnixCron.parse(expression)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 29 2 *",
        "59 59 23 29 2 *",
        "0 0 30 2 1",
        "0 0 31 4 MON",
        "0 0 31 */2 *"
      })
  void rareButPossibleDatesCanFire(String expression) {
    // 29 February (leap years only) and a day of month or week (Vixie cron: either may match).
    assertThat(UnixCron.problem(expression)).isEmpty();
  }
}
