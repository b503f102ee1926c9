package io.arco.flow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.model.Scope;
import io.arco.flow.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer lease, its fencing epoch and the append notifications of several serving nodes on one
 * PostgreSQL database (decisions §7.11), seen through two store instances as two nodes see them.
 */
@Tag("postgres")
class PostgresClusterStoreTest {
  @RegisterExtension static final TestPostgres PG = new TestPostgres();

  private static final Scope WS = new Scope("t1", "w1");
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration SHORT = Duration.ofMillis(300);

  private static void waitUntilLapsed(PostgresEventStore s) throws InterruptedException {
    for (int i = 0; i < 100 && !s.lease(WS).orElseThrow().lapsed(); i++) {
      Thread.sleep(20);
    }
    assertThat(s.lease(WS).orElseThrow().lapsed()).isTrue();
  }

  @Test
  void aLeaseHeldByOneNodeIsRefusedToAnotherUntilItLapsesAndTheTakeoverRaisesTheEpoch() throws Exception {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url);
        PostgresEventStore b = PostgresEventStore.open(url)) {
      WriterLease first = a.acquireLease(WS, "a", SHORT).orElseThrow();
      assertThat(first.holder()).isEqualTo("a");
      assertThat(first.epoch()).isEqualTo(1);
      assertThat(b.acquireLease(WS, "b", LONG)).isEmpty();

      waitUntilLapsed(b);
      WriterLease second = b.acquireLease(WS, "b", LONG).orElseThrow();
      assertThat(second.holder()).isEqualTo("b");
      assertThat(second.epoch()).isEqualTo(2);
      assertThat(a.renewLease(WS, "a", 1, LONG)).as("a deposed holder cannot renew").isFalse();
      assertThat(b.renewLease(WS, "b", 2, LONG)).isTrue();
      assertThat(a.leases()).containsExactly(b.lease(WS).orElseThrow());
    }
  }

  @Test
  void aRestartedNodeTakesItsOwnLeaseBackAtOnceUnderANewEpoch() {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url)) {
      assertThat(a.acquireLease(WS, "a", LONG).orElseThrow().epoch()).isEqualTo(1);
      assertThat(a.acquireLease(WS, "a", LONG).orElseThrow().epoch()).isEqualTo(2);
      assertThat(a.renewLease(WS, "a", 1, LONG)).isFalse();
    }
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url);
        PostgresEventStore b = PostgresEventStore.open(url)) {
      long epoch = a.acquireLease(WS, "a", LONG).orElseThrow().epoch();
      a.releaseLease(WS, "a", epoch + 1);
      assertThat(b.acquireLease(WS, "b", LONG)).as("a release at another epoch changes nothing").isEmpty();
      a.releaseLease(WS, "a", epoch);
      assertThat(b.acquireLease(WS, "b", LONG)).isPresent();
    }
  }

  @Test
  void aDeposedWritersAppendFailsOnTheEpochAndWritesNothing() throws Exception {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url);
        PostgresEventStore b = PostgresEventStore.open(url)) {
      a.joinCluster("a");
      b.joinCluster("b");
      a.fence(WS, a.acquireLease(WS, "a", SHORT).orElseThrow().epoch());
      a.append(WS, List.of(EventStoreContract.started(WS, "a", 1)), List.of());

      waitUntilLapsed(b);
      b.fence(WS, b.acquireLease(WS, "b", LONG).orElseThrow().epoch());
      assertThatThrownBy(() -> a.append(WS, List.of(EventStoreContract.started(WS, "a", 2)), List.of()))
          .isInstanceOf(FencedAppendException.class)
          .hasMessageContaining("held by b at epoch 2");
      assertThat(b.head(WS)).isEqualTo(1);
      assertThat(b.append(WS, List.of(EventStoreContract.started(WS, "a", 3)), List.of())).isEqualTo(2);
    }
  }

  @Test
  void inAClusterANodeAppendsOnlyWhereItIsFenced() {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url)) {
      a.joinCluster("a");
      assertThatThrownBy(() -> a.append(WS, List.of(EventStoreContract.started(WS, "a", 1)), List.of()))
          .isInstanceOf(FencedAppendException.class)
          .hasMessageContaining("does not hold the writer lease");
      long epoch = a.acquireLease(WS, "a", LONG).orElseThrow().epoch();
      a.fence(WS, epoch);
      a.unfence(WS, epoch + 1);
      assertThat(a.append(WS, List.of(EventStoreContract.started(WS, "a", 1)), List.of()))
          .as("an unfence for another epoch leaves the fence")
          .isEqualTo(1);
      a.unfence(WS, epoch);
      assertThatThrownBy(() -> a.append(WS, List.of(EventStoreContract.started(WS, "a", 2)), List.of()))
          .isInstanceOf(FencedAppendException.class);
      assertThat(a.head(WS)).isEqualTo(1);
    }
  }

  @Test
  void anotherNodeIsToldOfEachCommittedAppendWithItsWorkspace() throws Exception {
    String url = PG.newDatabase();
    Scope other = new Scope("t:2", "w/2");
    try (PostgresEventStore a = PostgresEventStore.open(url);
        PostgresEventStore b = PostgresEventStore.open(url)) {
      LinkedBlockingQueue<Scope> told = new LinkedBlockingQueue<>();
      AutoCloseable listening = b.listen(told::add, () -> {});
      try {
        a.joinCluster("a");
        a.fence(other, a.acquireLease(other, "a", LONG).orElseThrow().epoch());
        // LISTEN runs on the listener's own thread: append until the first word arrives.
        Optional<Scope> got = Optional.empty();
        for (int i = 1; i <= 50 && got.isEmpty(); i++) {
          a.append(other, List.of(EventStoreContract.started(other, "a", i)), List.of());
          got = Optional.ofNullable(told.poll(100, TimeUnit.MILLISECONDS));
        }
        assertThat(got).contains(other);
      } finally {
        listening.close();
      }
    }
  }

  @Test
  void nodesRegisterWhereTheyAreReachedAndRefreshWhenTheySayTheyAreAlive() {
    String url = PG.newDatabase();
    try (PostgresEventStore a = PostgresEventStore.open(url)) {
      a.heartbeat("b", "http://b:8080");
      a.heartbeat("a", "http://a:8080");
      ClusterNode before = a.nodes().get(0);
      a.heartbeat("a", "http://a:9090");
      List<ClusterNode> nodes = a.nodes();
      assertThat(nodes).extracting(ClusterNode::nodeId).containsExactly("a", "b");
      assertThat(nodes.get(0).advertiseUrl()).isEqualTo("http://a:9090");
      assertThat(nodes.get(0).startedAt()).isEqualTo(before.startedAt());
      assertThat(nodes.get(0).lastSeen()).isAfterOrEqualTo(before.lastSeen());
      assertThat(a.databaseNow()).isAfterOrEqualTo(nodes.get(0).lastSeen());
    }
  }

  @Test
  void theNotificationPayloadNamesAnyWorkspaceExactly() {
    for (Scope s : List.of(new Scope("t", "w"), new Scope("a:b", "c:d"), new Scope("1:x", ""))) {
      assertThat(ClusterChannel.scope(ClusterChannel.payload(s))).contains(s);
    }
    assertThat(ClusterChannel.scope("nonsense")).isEmpty();
    assertThat(ClusterChannel.scope("99:ab")).isEmpty();
  }
}
