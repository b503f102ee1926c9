package io.arco.flow.engine;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The engine's default {@link IdGenerator}: monotonic ULIDs timed by the engine's clock and never
 * below the newest id already stored (flow-model §0.4.7), so sequence order and id order agree.
 */
final class UlidGenerator implements IdGenerator {
  private final UlidFactory factory;
  private Ulid last;

  UlidGenerator(InstantSource clock, Optional<String> floor) {
    this.factory = UlidFactory.newMonotonicInstance(new SecureRandom(), clock::millis);
    this.last = floor.map(Ulid::from).orElse(null);
  }

  @Override
  public synchronized void above(String id) {
    Ulid floor = Ulid.from(id);
    if (last == null || floor.compareTo(last) > 0) {
      last = floor;
    }
  }

  @Override
  public synchronized String next() {
    Ulid id = factory.create();
    if (last != null && id.compareTo(last) <= 0) {
      id = last.increment();
    }
    last = id;
    return id.toString();
  }
}
