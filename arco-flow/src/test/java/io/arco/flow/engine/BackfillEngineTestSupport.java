package io.arco.flow.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arco.flow.testing.EngineFixture;
import java.util.function.Predicate;

/** Shared helpers of the backfill tests in other packages (manifest with a daily asset, a worker). */
public final class BackfillEngineTestSupport {
  private BackfillEngineTestSupport() {}

  public static ObjectNode dailyManifest() {
    return BackfillEngineTest.dailyManifest();
  }

  /** Completes every claimable task until none is left, failing those whose partition matches. */
  public static int drain(EngineFixture f, Predicate<String> fail) {
    return BackfillEngineTest.drain(f, fail);
  }
}
