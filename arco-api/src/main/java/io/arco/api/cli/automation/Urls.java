package io.arco.api.cli.automation;

import io.arco.api.cli.client.ApiClient;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A query string that leaves out absent parameters (path segments are encoded with {@link
 * ApiClient#segment}).
 */
final class Urls {
  private Urls() {}

  /** A query string built parameter by parameter; {@link #toString} is empty or starts with {@code ?}. */
  static final class Query {
    private final StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");

    Query add(String name, Optional<?> value) {
      value.ifPresent(v -> joiner.add(ApiClient.query(name) + "=" + ApiClient.query(String.valueOf(v))));
      return this;
    }

    @Override
    public String toString() {
      return joiner.toString();
    }
  }
}
