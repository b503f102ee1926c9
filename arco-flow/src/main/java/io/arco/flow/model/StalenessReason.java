package io.arco.flow.model;

/**
 * Why a partition (or an unpartitioned asset) is stale (flow-model part 4 §5.1), in the order the
 * rules are evaluated with upstreams (§5.2): the first rule that holds is the reason.
 */
public enum StalenessReason {
  NEVER_MATERIALIZED,
  CODE_CHANGED,
  UPSTREAM_NEVER_MATERIALIZED,
  UPSTREAM_CHANGED,
  FRESHNESS_POLICY
}
