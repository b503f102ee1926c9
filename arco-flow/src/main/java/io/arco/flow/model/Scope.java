package io.arco.flow.model;

import java.util.Objects;

/**
 * The tenant and workspace an event, command or projection belongs to. Both are normalised scope
 * ids ({@code [a-z0-9_-]+}); one {@code FoldState} holds exactly one scope.
 */
public record Scope(String tenant, String workspace) implements Comparable<Scope> {
  public Scope {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(workspace, "workspace");
  }

  /** The envelope {@code source} URI: {@code arco-flow/{tenant}/{workspace}}. */
  public String source() {
    return "arco-flow/" + tenant + "/" + workspace;
  }

  @Override
  public int compareTo(Scope o) {
    int c = tenant.compareTo(o.tenant);
    return c != 0 ? c : workspace.compareTo(o.workspace);
  }

  @Override
  public String toString() {
    return tenant + "/" + workspace;
  }
}
