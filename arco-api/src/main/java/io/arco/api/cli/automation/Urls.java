package io.arco.api.cli.automation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Pieces of request URLs: a path segment percent-encoded (ids are user-chosen for schedules and
 * sensors), and a query string that leaves out absent parameters.
 */
final class Urls {
  private Urls() {}

  /** {@code value} encoded for use as one path segment. */
  static String segment(String value) {
    return encode(value);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string built parameter by parameter; {@link #toString} is empty or starts with {@code ?}. */
  static final class Query {
    private final StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");

    Query add(String name, Optional<?> value) {
      value.ifPresent(v -> joiner.add(encode(name) + "=" + encode(String.valueOf(v))));
      return this;
    }

    @Override
    public String toString() {
      return joiner.toString();
    }
  }
}
