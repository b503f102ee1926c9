package io.arco.flow.query;

import io.arco.flow.model.StalenessReason;
import io.arco.flow.plan.FreshnessPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The staleness rules with upstreams (flow-model part 4 §5.2), first hit wins:
 *
 * <ol>
 *   <li>no materialization: {@code NEVER_MATERIALIZED}, no stale-since, no causes;
 *   <li>the materialization's code version is known and differs from the latest manifest's: {@code
 *       CODE_CHANGED}, stale since the latest manifest's deploy time (flow-model §0.4.4), one cause
 *       naming the current code version;
 *   <li>an upstream never materialized: {@code UPSTREAM_NEVER_MATERIALIZED}, no stale-since, one
 *       cause per such upstream;
 *   <li>an upstream materialized strictly later: {@code UPSTREAM_CHANGED}, stale since the first
 *       such upstream's materialization (upstreams in key order), one cause per such upstream;
 *   <li>a freshness policy and {@code now} past materialization + lag: {@code FRESHNESS_POLICY},
 *       stale since that deadline, one cause carrying it.
 * </ol>
 *
 * Every time comes from projections or the manifest except {@code now}, which only the freshness
 * rule reads (and a deadline it compares with is itself from events), so the same inputs always
 * give the same verdict.
 */
final class StalenessRules {
  private StalenessRules() {}

  /** A materialization as staleness needs it. */
  record Materialization(Instant at, Optional<String> codeVersion) {}

  /** One upstream of the subject, already mapped to the (asset, partition) that feeds it. */
  record Upstream(String assetKey, Optional<String> partitionKey, Optional<Materialization> latest) {}

  /** The latest manifest's code version and deploy time. */
  record CodeVersion(String id, Instant deployedAt) {}

  /** The verdict for a stale subject. */
  record Verdict(StalenessReason reason, Optional<Instant> staleSince, List<StalenessCause> causes) {}

  static Optional<Verdict> judge(
      Optional<Materialization> self,
      CodeVersion current,
      List<Upstream> upstreams,
      Optional<FreshnessPolicy> policy,
      Instant now) {
    if (self.isEmpty()) {
      return verdict(StalenessReason.NEVER_MATERIALIZED, Optional.empty(), List.of());
    }
    Materialization m = self.get();
    if (m.codeVersion().isPresent() && !m.codeVersion().get().equals(current.id())) {
      return verdict(
          StalenessReason.CODE_CHANGED,
          Optional.of(current.deployedAt()),
          List.of(
              new StalenessCause(
                  StalenessReason.CODE_CHANGED,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(current.deployedAt()),
                  Optional.of(current.id()))));
    }
    List<StalenessCause> never = new ArrayList<>();
    for (Upstream u : upstreams) {
      if (u.latest().isEmpty()) {
        never.add(cause(StalenessReason.UPSTREAM_NEVER_MATERIALIZED, u, Optional.empty()));
      }
    }
    if (!never.isEmpty()) {
      return verdict(StalenessReason.UPSTREAM_NEVER_MATERIALIZED, Optional.empty(), never);
    }
    List<StalenessCause> newer = new ArrayList<>();
    for (Upstream u : upstreams) {
      Instant at = u.latest().orElseThrow().at();
      if (at.isAfter(m.at())) {
        newer.add(cause(StalenessReason.UPSTREAM_CHANGED, u, Optional.of(at)));
      }
    }
    if (!newer.isEmpty()) {
      return verdict(StalenessReason.UPSTREAM_CHANGED, newer.get(0).at(), newer);
    }
    if (policy.isPresent()) {
      Instant deadline = m.at().plus(policy.get().maximumLag());
      if (now.isAfter(deadline)) {
        return verdict(
            StalenessReason.FRESHNESS_POLICY,
            Optional.of(deadline),
            List.of(
                new StalenessCause(
                    StalenessReason.FRESHNESS_POLICY,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(deadline),
                    Optional.empty())));
      }
    }
    return Optional.empty();
  }

  private static StalenessCause cause(StalenessReason reason, Upstream u, Optional<Instant> at) {
    return new StalenessCause(reason, Optional.of(u.assetKey()), u.partitionKey(), at, Optional.empty());
  }

  private static Optional<Verdict> verdict(
      StalenessReason reason, Optional<Instant> since, List<StalenessCause> causes) {
    return Optional.of(new Verdict(reason, since, List.copyOf(causes)));
  }
}
