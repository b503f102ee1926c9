package io.arco.flow.plan;

import java.util.Objects;

/**
 * One dependency edge of a rerun's parent, from its {@code dep_satisfaction} rows: {@code
 * downstream} depends on {@code upstream}.
 */
public record ParentEdge(String upstream, String downstream) {
  public ParentEdge {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(downstream, "downstream");
  }
}
