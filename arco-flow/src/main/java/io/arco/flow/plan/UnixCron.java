package io.arco.flow.plan;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schedule cron expressions with Unix semantics (decisions §1), parsed by cron-utils: 5 fields
 * ({@code min hour dom mon dow}) use cron-utils' {@link CronType#UNIX} definition (day of week 0–7,
 * Sunday 0 or 7, names allowed, no {@code ?}/{@code L}/{@code W}/{@code #}); 6 fields put seconds
 * (0–59) first and then the same five Unix fields. No {@code "0 "} prefix is added. Fields are
 * split on Unicode white space, so runs of spaces and tabs count as one separator. When both
 * day-of-month and day-of-week are restricted either may match (Vixie cron); that is the schedule
 * controller's concern when it computes ticks from the parsed {@link Cron}.
 */
public final class UnixCron {

  /** Why an expression is refused; each maps to the contract's message at its call site. */
  public enum Problem {
    /** Not 5 or 6 fields. */
    FIELD_COUNT,
    /** 5 or 6 fields that cron-utils does not accept. */
    UNPARSABLE
  }

  private static final CronParser FIVE_FIELDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser SIX_FIELDS = new CronParser(withSeconds());

  private UnixCron() {}

  private static CronDefinition withSeconds() {
    return CronDefinitionBuilder.defineCron()
        .withSeconds()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withMinutes()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withHours()
        .withValidRange(0, 23)
        .withStrictRange()
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .withStrictRange()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .withStrictRange()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .withStrictRange()
        .and()
        .instance();
  }

  /** What is wrong with {@code expression}, or empty when it is a valid 5- or 6-field cron. */
  public static Optional<Problem> problem(String expression) {
    List<String> fields = fields(expression);
    if (fields.size() != 5 && fields.size() != 6) {
      return Optional.of(Problem.FIELD_COUNT);
    }
    try {
      parseFields(fields);
      return Optional.empty();
    } catch (RuntimeException e) {
      // cron-utils reports bad input with IllegalArgumentException and, for some shapes, other
      // runtime exceptions; all of them mean "does not parse".
      return Optional.of(Problem.UNPARSABLE);
    }
  }

  /**
   * Parses a valid expression.
   *
   * @throws IllegalArgumentException if {@link #problem} is non-empty
   */
  public static Cron parse(String expression) {
    List<String> fields = fields(expression);
    if (fields.size() != 5 && fields.size() != 6) {
      throw new IllegalArgumentException("cron must have 5 or 6 fields: " + expression);
    }
    try {
      return parseFields(fields);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid cron: " + expression, e);
    }
  }

  private static Cron parseFields(List<String> fields) {
    String normalised = String.join(" ", fields);
    Cron cron = (fields.size() == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(normalised);
    return cron.validate();
  }

  /** The white-space separated fields of {@code expression}. */
  static List<String> fields(String expression) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    expression
        .codePoints()
        .forEach(
            cp -> {
              if (AssetKeys.isWhitespace(cp)) {
                if (!current.isEmpty()) {
                  fields.add(current.toString());
                  current.setLength(0);
                }
              } else {
                current.appendCodePoint(cp);
              }
            });
    if (!current.isEmpty()) {
      fields.add(current.toString());
    }
    return fields;
  }
}
