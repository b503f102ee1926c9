package io.arco.flow.store;

import io.arco.flow.model.Scope;
import java.util.Optional;

/**
 * The payload of an append's notification: the workspace, as the tenant's length, a colon, the
 * tenant and the workspace ({@code 3:acmeprod}), so neither name needs escaping.
 */
final class ClusterChannel {
  private ClusterChannel() {}

  static String payload(Scope scope) {
    return scope.tenant().length() + ":" + scope.tenant() + scope.workspace();
  }

  /** The workspace a payload names; empty for a payload of another form. */
  static Optional<Scope> scope(String payload) {
    int colon = payload.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(payload.substring(0, colon));
      int start = colon + 1;
      if (n < 0 || start + n > payload.length()) {
        return Optional.empty();
      }
      return Optional.of(
          new Scope(payload.substring(start, start + n), payload.substring(start + n)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
