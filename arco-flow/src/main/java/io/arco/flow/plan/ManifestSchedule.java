package io.arco.flow.plan;

import io.arco.flow.model.OverlapPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code schedules} entry of a manifest (api-contract §2.1, decisions §6.8): id, cron as
 * written (5 or 6 fields, see {@link UnixCron}), the asset strings as written and their canonical
 * keys (sorted, de-duplicated; decisions §1 canonicalises schedule selections), the IANA timezone
 * ({@code UTC} by default) and the optional catch-up and overlap settings, which override stored
 * values on deploy.
 */
public record ManifestSchedule(
    String id,
    String cron,
    List<String> assets,
    List<String> assetKeys,
    String timezone,
    Optional<Integer> catchupWindowMinutes,
    Optional<Integer> maxCatchupTicks,
    Optional<OverlapPolicy> overlapPolicy) {

  public static final String DEFAULT_TIMEZONE = "UTC";

  public ManifestSchedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cron, "cron");
    assets = List.copyOf(assets);
    assetKeys = List.copyOf(assetKeys);
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(catchupWindowMinutes, "catchupWindowMinutes");
    Objects.requireNonNull(maxCatchupTicks, "maxCatchupTicks");
    Objects.requireNonNull(overlapPolicy, "overlapPolicy");
  }
}
