package io.arco.flow.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The faults the simulations of several serving nodes strike by seed (decisions §7.11): a node
 * killed (its database connections closed at once, so it neither renews nor releases its leases),
 * restarted under its id, paused past its lease (its store calls wait, a stand-in for a
 * stop-the-world pause), or cut off from the database ({@code pg_terminate_backend} on its
 * connections, found by their application name). The engine-level and the HTTP simulations share
 * it; each says how its nodes start and die ({@link Member}).
 */
public final class ClusterFaults<N extends ClusterFaults.Member> {
  /** A node of a simulation. */
  public interface Member {
    /** Whether the node runs now. */
    boolean up();

    /** Its store (valid while it runs). */
    FaultyClusterStore store();

    /** The application name its database connections carry ({@link #urlFor}). */
    String applicationName();

    /** Starts (or restarts) the node under its id. */
    void start();

    /** Kills the node: closes its store first, then stops it. */
    void kill();
  }

  private final Random random;
  private final String dbUrl;
  private final Duration lease;
  private final List<N> nodes;
  private final List<Thread> pauses = new ArrayList<>();
  private final List<N> paused = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Integer> counts = new TreeMap<>();

  public ClusterFaults(Random random, String dbUrl, Duration lease, List<N> nodes) {
    this.random = random;
    this.dbUrl = dbUrl;
    this.lease = lease;
    this.nodes = nodes;
  }

  /** The database URL whose connections carry {@code applicationName}. */
  public static String urlFor(String dbUrl, String applicationName) {
    return dbUrl + (dbUrl.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
  }

  /** The nodes running now. */
  public List<N> up() {
    return nodes.stream().filter(Member::up).toList();
  }

  /** Whether {@code n} is paused right now. */
  public boolean paused(N n) {
    return paused.contains(n);
  }

  /** How many faults of each kind struck. */
  public Map<String, Integer> counts() {
    return counts;
  }

  /**
   * Strikes one fault chosen by the seed, when it applies: a kill keeps one unpaused node up, a
   * restart needs a node down, a pause keeps one other node unpaused.
   */
  public void strike() throws SQLException {
    List<N> up = up();
    N n = nodes.get(random.nextInt(nodes.size()));
    boolean isPaused = paused(n);
    switch (random.nextInt(4)) {
      case 0 -> {
        if (n.up() && up.size() > 1 && !isPaused) {
          n.kill();
          counts.merge("kill", 1, Integer::sum);
        }
      }
      case 1 -> {
        if (!n.up()) {
          n.start();
          counts.merge("restart", 1, Integer::sum);
        }
      }
      case 2 -> {
        if (n.up() && !isPaused && up.stream().filter(x -> !paused(x)).count() > 1) {
          pause(n);
          counts.merge("pause", 1, Integer::sum);
        }
      }
      default -> {
        if (n.up()) {
          dropConnections(n);
          counts.merge("drop", 1, Integer::sum);
        }
      }
    }
  }

  /** Pauses {@code n} for longer than a lease (up to two), on a thread of its own. */
  private void pause(N n) {
    paused.add(n);
    FaultyClusterStore store = n.store();
    store.pause();
    long ms = lease.toMillis() + 100 + random.nextInt((int) lease.toMillis());
    pauses.add(
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    Thread.sleep(ms);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  store.resume();
                  paused.remove(n);
                }));
  }

  private void dropConnections(N n) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
      st.setString(1, n.applicationName());
      st.execute();
    }
  }

  /** Faults stop: every pause ends and every node down starts again. */
  public void end() throws InterruptedException {
    for (Thread t : pauses) {
      t.join();
    }
    pauses.clear();
    for (N n : nodes) {
      if (!n.up()) {
        n.start();
      }
    }
  }

  /** After a run, pass or fail: waits out the pauses, then resumes every store. */
  public void release() throws InterruptedException {
    for (Thread t : pauses) {
      t.join();
    }
    for (N n : nodes) {
      if (n.up()) {
        n.store().resume();
      }
    }
  }
}
