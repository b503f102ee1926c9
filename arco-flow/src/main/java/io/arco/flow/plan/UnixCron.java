package io.arco.flow.plan;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
    UNPARSABLE,
    /**
     * A valid expression that matches no date (decisions §7.7), such as {@code 0 0 30 2 *}: see
     * {@link #canFire}.
     */
    NEVER_FIRES
  }

  /** The 422 reason given for an expression that {@link Problem#NEVER_FIRES} (decisions §7.7). */
  public static final String NEVER_FIRES_REASON = "cron expression can never fire";

  /**
   * Where the "can never fire" search starts: 2001-01-01T00:00 on the wall clock, the first
   * instant of a 400-year Gregorian cycle. A fixed instant, so the verdict never depends on when
   * the manifest is deployed.
   */
  static final LocalDateTime NEVER_FIRES_FROM = LocalDateTime.of(2001, 1, 1, 0, 0);

  /**
   * How far the search looks: the Gregorian calendar (weekdays included) repeats every 400 years,
   * so an expression that does not fire within one cycle never fires. The rarest expression that
   * fires at all (29 February) fires by 2004.
   */
  static final int NEVER_FIRES_HORIZON_YEARS = 400;

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

  /**
   * What is wrong with {@code expression}, or empty when it is a valid 5- or 6-field cron that can
   * fire.
   */
  public static Optional<Problem> problem(String expression) {
    List<String> fields = fields(expression);
    if (fields.size() != 5 && fields.size() != 6) {
      return Optional.of(Problem.FIELD_COUNT);
    }
    Cron cron;
    try {
      cron = parseFields(fields);
    } catch (RuntimeException e) {
      // cron-utils reports bad input with IllegalArgumentException and, for some shapes, other
      // runtime exceptions; all of them mean "does not parse".
      return Optional.of(Problem.UNPARSABLE);
    }
    return canFire(cron) ? Optional.empty() : Optional.of(Problem.NEVER_FIRES);
  }

  /**
   * Whether a parsed expression fires at least once (decisions §7.7): its first match after {@link
   * #NEVER_FIRES_FROM} lies within {@link #NEVER_FIRES_HORIZON_YEARS} years. Fields are matched
   * against the wall clock, time zone aside (as {@link CronSchedule} does), with the Vixie rule
   * that a restricted day of month or day of week may match. Deterministic: no clock is read.
   */
  static boolean canFire(Cron cron) {
    ZonedDateTime from = NEVER_FIRES_FROM.atZone(ZoneOffset.UTC);
    ZonedDateTime horizon = from.plusYears(NEVER_FIRES_HORIZON_YEARS);
    return ExecutionTime.forCron(cron)
        .nextExecution(from)
        .filter(next -> next.isBefore(horizon))
        .isPresent();
  }

  /**
   * Parses a valid expression.
   *
   * @throws IllegalArgumentException if {@link #problem} is {@link Problem#FIELD_COUNT} or {@link
   *     Problem#UNPARSABLE} (an expression that never fires parses: definitions stored before
   *     decisions §7.7 stay readable)
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
