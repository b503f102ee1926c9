package io.arco.api.http;

import io.arco.flow.model.Scope;
import java.util.List;
import java.util.Optional;

/** Who is calling and in which workspace (api-contract §1.2). */
public record RequestContext(
    String tenant,
    String workspace,
    Optional<String> userId,
    List<String> groups,
    String requestId,
    Optional<String> idempotencyKey) {

  public Scope scope() {
    return new Scope(tenant, workspace);
  }

  /** The principal written into events: the user id, else {@code "api"}. */
  public String principal() {
    return userId.orElse("api");
  }
}
