package io.arco.flow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arco.flow.error.StoreException;
import io.arco.flow.event.Event;
import io.arco.flow.event.EventEnvelope;
import io.arco.flow.event.TaskStarted;
import io.arco.flow.model.Scope;
import io.arco.flow.store.codec.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} must show, run against each implementation by a subclass
 * (style §3.3).
 */
abstract class EventStoreContract {
  static final Scope A = new Scope("t1", "w1");
  static final Scope B = new Scope("t1", "w2");
  static final Scope C = new Scope("t2", "w1");
  static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

  protected EventStore store;

  /** A new, empty store. */
  protected abstract EventStore newStore() throws Exception;

  /**
   * Closes {@code current} and opens a store over the same storage. A store without durable storage
   * returns {@code current} unchanged.
   */
  protected abstract EventStore reopen(EventStore current) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- fixtures ------------------------------------------------------------------------------

  private static int ids;

  /** A TaskStarted of attempt {@code n}: key {@code started:run:task:n}, a fresh event id. */
  static EventEnvelope started(Scope scope, String task, int attempt) {
    return envelope(scope, new TaskStarted("run", task, attempt, "att", "w"));
  }

  static synchronized EventEnvelope envelope(Scope scope, Event data) {
    ids++;
    return EventEnvelope.of(String.format("01JH%022d", ids), T0.plusMillis(ids), scope, data);
  }

  static List<EventEnvelope> attempts(Scope scope, String task, int from, int count) {
    List<EventEnvelope> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(started(scope, task, i));
    }
    return out;
  }

  static ManifestRecord manifest(String id, Instant deployedAt) {
    return new ManifestRecord(
        id, deployedAt, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  static RequestRecord request(String kind, String key, String fingerprint) {
    return new RequestRecord(
        kind, key, fingerprint, ("resp-" + key).getBytes(StandardCharsets.UTF_8));
  }

  static LogRecord log(String path) {
    return new LogRecord(path, ("content of " + path).getBytes(StandardCharsets.UTF_8));
  }

  static SideWrite putManifest(ManifestRecord m) {
    return new SideWrite.PutManifest(m);
  }

  static SideWrite putRequest(RequestRecord r) {
    return new SideWrite.PutRequestRecord(r);
  }

  long append(Scope scope, List<EventEnvelope> events) {
    return store.append(scope, events, List.of());
  }

  List<EventEnvelope> envelopes(List<StoredEvent> stored) {
    return stored.stream().map(StoredEvent::envelope).toList();
  }

  List<Long> sequences(List<StoredEvent> stored) {
    return stored.stream().map(StoredEvent::sequence).toList();
  }

  static void assertSameManifest(Optional<ManifestRecord> actual, ManifestRecord expected) {
    assertThat(actual).isPresent();
    assertThat(actual.get().manifestId()).isEqualTo(expected.manifestId());
    assertThat(actual.get().deployedAt()).isEqualTo(expected.deployedAt());
    assertThat(actual.get().document()).isEqualTo(expected.document());
  }

  // ---- append, read, head --------------------------------------------------------------------

  @Test
  void emptyStoreHasNothing() {
    assertThat(store.head(A)).isZero();
    assertThat(store.read(A, 0, 10)).isEmpty();
    assertThat(store.newestEventId()).isEmpty();
    assertThat(store.scopes()).isEmpty();
    assertThat(store.latestSnapshot(A)).isEmpty();
    assertThat(store.manifests(A)).isEmpty();
    assertThat(store.latestManifest(A)).isEmpty();
    assertThat(store.manifest(A, "m")).isEmpty();
    assertThat(store.requestRecord(A, "k", "k")).isEmpty();
    assertThat(store.logs(A, "", Optional.empty(), 10)).isEmpty();
  }

  @Test
  void sequencesAreGapFreeFromOneAndAppendReturnsTheHead() {
    List<EventEnvelope> first = attempts(A, "a", 1, 2);
    List<EventEnvelope> second = attempts(A, "a", 3, 3);
    assertThat(append(A, first)).isEqualTo(2);
    assertThat(append(A, second)).isEqualTo(5);
    assertThat(store.head(A)).isEqualTo(5);
    List<StoredEvent> all = store.read(A, 0, 100);
    assertThat(sequences(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
    List<EventEnvelope> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertThat(envelopes(all)).isEqualTo(expected);
  }

  @Test
  void sequencesAreIndependentAcrossScopes() {
    append(A, attempts(A, "a", 1, 3));
    assertThat(append(B, attempts(B, "a", 1, 2))).isEqualTo(2);
    assertThat(append(C, attempts(C, "a", 1, 1))).isEqualTo(1);
    assertThat(append(A, attempts(A, "a", 4, 1))).isEqualTo(4);
    assertThat(sequences(store.read(B, 0, 10))).containsExactly(1L, 2L);
    assertThat(store.read(B, 0, 10)).allSatisfy(e -> assertThat(e.envelope().scope()).isEqualTo(B));
    assertThat(store.head(A)).isEqualTo(4);
    assertThat(store.head(B)).isEqualTo(2);
    assertThat(store.head(C)).isEqualTo(1);
  }

  @Test
  void emptyBatchWritesNothingAndReturnsTheHead() {
    append(A, attempts(A, "a", 1, 2));
    assertThat(store.append(A, List.of(), List.of())).isEqualTo(2);
    assertThat(store.append(B, List.of(), List.of())).isZero();
    assertThat(store.scopes()).containsExactly(A);
  }

  @Test
  void readReturnsEventsAfterASequenceUpToALimit() {
    append(A, attempts(A, "a", 1, 6));
    assertThat(sequences(store.read(A, 2, 2))).containsExactly(3L, 4L);
    assertThat(sequences(store.read(A, 4, 100))).containsExactly(5L, 6L);
    assertThat(store.read(A, 6, 10)).isEmpty();
    assertThat(store.read(A, 99, 10)).isEmpty();
    assertThat(store.read(A, 0, 0)).isEmpty();
    assertThat(sequences(store.read(A, -5, 1))).containsExactly(1L);
    assertThatThrownBy(() -> store.read(A, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEventTypeIsStoredFaithfully() {
    List<EventEnvelope> events = new ArrayList<>();
    for (Event e : SampleEvents.full()) {
      events.add(envelope(A, e));
    }
    List<Event> minimal = SampleEvents.minimal();
    for (int i = 0; i < minimal.size(); i++) {
      EventEnvelope env = envelope(A, minimal.get(i));
      // Samples may share a derived key (completions of one attempt); make each key unique.
      events.add(
          new EventEnvelope(
              env.eventId(),
              env.eventType(),
              env.eventVersion(),
              env.timestamp(),
              env.source(),
              env.tenantId(),
              env.workspaceId(),
              env.idempotencyKey() + ":minimal-" + i,
              env.correlationId(),
              env.causationId(),
              env.data()));
    }
    append(A, events);
    assertThat(envelopes(store.read(A, 0, 1000))).isEqualTo(events);
  }

  @Test
  void duplicateKeyRejectsTheWholeBatchAndWritesNothing() {
    EventEnvelope original = started(A, "a", 1);
    append(A, List.of(original));
    EventEnvelope fresh = started(A, "b", 1);
    EventEnvelope duplicate = started(A, "a", 1);
    assertThat(duplicate.idempotencyKey()).isEqualTo(original.idempotencyKey());
    String newestBefore = store.newestEventId().orElseThrow();

    assertThatThrownBy(
            () ->
                store.append(
                    A,
                    List.of(fresh, duplicate),
                    List.of(
                        putManifest(manifest("m1", T0)), putRequest(request("deploy", "k", "fp")))))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining(original.idempotencyKey());

    assertThat(store.head(A)).isEqualTo(1);
    assertThat(envelopes(store.read(A, 0, 10))).containsExactly(original);
    assertThat(store.newestEventId()).contains(newestBefore);
    assertThat(store.manifest(A, "m1")).isEmpty();
    assertThat(store.latestManifest(A)).isEmpty();
    assertThat(store.requestRecord(A, "deploy", "k")).isEmpty();
    // The scope still accepts a correct batch, with no gap in its sequence.
    assertThat(append(A, List.of(fresh))).isEqualTo(2);
  }

  @Test
  void aStoredKeyFarIntoALargeBatchIsFoundAndTheFirstOneInBatchOrderIsNamed() {
    EventEnvelope early = started(A, "t-0100", 1);
    EventEnvelope late = started(A, "t-1100", 1);
    append(A, List.of(late, early));
    List<EventEnvelope> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      batch.add(started(A, String.format("t-%04d", i), 1));
    }
    batch.remove(100);
    batch.add(100, started(A, "t-0100", 1));

    assertThatThrownBy(() -> append(A, batch))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining(early.idempotencyKey());
    assertThat(store.head(A)).isEqualTo(2);

    batch.remove(100);
    assertThatThrownBy(() -> append(A, batch))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining(late.idempotencyKey());
    assertThat(store.head(A)).isEqualTo(2);
  }

  @Test
  void duplicateKeyWithinOneBatchIsRejected() {
    List<EventEnvelope> batch = List.of(started(A, "a", 1), started(A, "b", 1), started(A, "a", 1));
    assertThatThrownBy(() -> append(A, batch)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store.head(A)).isZero();
    assertThat(store.scopes()).isEmpty();
  }

  @Test
  void sameKeyInAnotherScopeIsAccepted() {
    append(A, List.of(started(A, "a", 1)));
    assertThat(append(B, List.of(started(B, "a", 1)))).isEqualTo(1);
  }

  @Test
  void eventOfAnotherScopeIsRefused() {
    assertThatThrownBy(() -> append(A, List.of(started(A, "a", 1), started(B, "a", 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.head(A)).isZero();
    assertThat(store.head(B)).isZero();
  }

  @Test
  void repeatedEventIdIsRefusedAndWritesNothing() {
    EventEnvelope first = started(A, "a", 1);
    append(A, List.of(first));
    EventEnvelope sameId =
        EventEnvelope.of(first.eventId(), T0, A, new TaskStarted("run", "z", 9, "att", "w"));
    assertThatThrownBy(() -> append(A, List.of(started(A, "b", 1), sameId)))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(DuplicateKeyException.class);
    assertThat(store.head(A)).isEqualTo(1);
  }

  @Test
  void newestEventIdIsTheGreatestOfAnyScope() {
    EventEnvelope low =
        EventEnvelope.of(
            "01JH0000000000000000000001", T0, A, new TaskStarted("r", "a", 1, "x", "w"));
    EventEnvelope high =
        EventEnvelope.of(
            "01JH0000000000000000000009", T0, B, new TaskStarted("r", "a", 1, "x", "w"));
    EventEnvelope mid =
        EventEnvelope.of(
            "01JH0000000000000000000005", T0, A, new TaskStarted("r", "a", 2, "x", "w"));
    append(A, List.of(low));
    append(B, List.of(high));
    append(A, List.of(mid));
    assertThat(store.newestEventId()).contains("01JH0000000000000000000009");
  }

  @Test
  void scopesListsThoseWithEventsManifestsOrSnapshotsInOrder() {
    Scope onlyManifest = new Scope("t3", "w1");
    Scope onlySnapshot = new Scope("t0", "w9");
    Scope onlyLog = new Scope("t4", "w1");
    Scope onlyRequest = new Scope("t5", "w1");
    append(C, attempts(C, "a", 1, 1));
    append(A, attempts(A, "a", 1, 1));
    store.append(onlyManifest, List.of(), List.of(putManifest(manifest("m", T0))));
    store.saveSnapshot(onlySnapshot, new StoredSnapshot(0, new byte[] {1}));
    store.putLog(onlyLog, log("logs/r/a/attempt-1.log"));
    store.append(onlyRequest, List.of(), List.of(putRequest(request("deploy", "k", "fp"))));
    assertThat(store.scopes()).containsExactly(onlySnapshot, A, C, onlyManifest);
  }

  // ---- side writes ---------------------------------------------------------------------------

  @Test
  void sideWritesCommitWithTheirEvents() {
    ManifestRecord m = manifest("m1", T0);
    RequestRecord r = request("deploy", "key-1", "fp-1");
    long head = store.append(A, attempts(A, "a", 1, 2), List.of(putManifest(m), putRequest(r)));
    assertThat(head).isEqualTo(2);
    assertSameManifest(store.manifest(A, "m1"), m);
    assertSameManifest(store.latestManifest(A), m);
    RequestRecord stored = store.requestRecord(A, "deploy", "key-1").orElseThrow();
    assertThat(stored.kind()).isEqualTo("deploy");
    assertThat(stored.key()).isEqualTo("key-1");
    assertThat(stored.fingerprint()).isEqualTo("fp-1");
    assertThat(stored.response()).isEqualTo(r.response());
  }

  @Test
  void sideWritesWithoutEventsCommit() {
    store.append(A, List.of(), List.of(putRequest(request("backfill_create", "c1", "fp"))));
    assertThat(store.requestRecord(A, "backfill_create", "c1")).isPresent();
    assertThat(store.head(A)).isZero();
  }

  @Test
  void requestRecordsAreUniquePerScopeKindAndKey() {
    store.append(A, List.of(), List.of(putRequest(request("deploy", "k", "fp-1"))));
    List<EventEnvelope> events = attempts(A, "a", 1, 2);
    assertThatThrownBy(
            () -> store.append(A, events, List.of(putRequest(request("deploy", "k", "fp-2")))))
        .isInstanceOf(DuplicateKeyException.class);
    // Nothing of the refused batch was written: not its events, not the second record.
    assertThat(store.head(A)).isZero();
    assertThat(store.requestRecord(A, "deploy", "k").orElseThrow().fingerprint()).isEqualTo("fp-1");
    // Another kind, another key or another scope is a different record.
    store.append(A, List.of(), List.of(putRequest(request("schedule", "k", "fp-3"))));
    store.append(A, List.of(), List.of(putRequest(request("deploy", "k2", "fp-4"))));
    store.append(B, List.of(), List.of(putRequest(request("deploy", "k", "fp-5"))));
    assertThat(store.requestRecord(A, "schedule", "k").orElseThrow().fingerprint())
        .isEqualTo("fp-3");
    assertThat(store.requestRecord(A, "deploy", "k2").orElseThrow().fingerprint())
        .isEqualTo("fp-4");
    assertThat(store.requestRecord(B, "deploy", "k").orElseThrow().fingerprint()).isEqualTo("fp-5");
  }

  @Test
  void requestRecordRepeatedWithinOneBatchIsRejected() {
    assertThatThrownBy(
            () ->
                store.append(
                    A,
                    attempts(A, "a", 1, 1),
                    List.of(
                        putRequest(request("deploy", "k", "1")),
                        putRequest(request("deploy", "k", "2")))))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.head(A)).isZero();
    assertThat(store.requestRecord(A, "deploy", "k")).isEmpty();
  }

  // ---- manifests -----------------------------------------------------------------------------

  @Test
  void latestManifestIsTheLastOnePut() {
    ManifestRecord later = manifest("m-later", T0.plusSeconds(60));
    ManifestRecord earlier = manifest("m-earlier", T0);
    store.append(A, List.of(), List.of(putManifest(later)));
    store.append(A, List.of(), List.of(putManifest(earlier)));
    assertSameManifest(store.latestManifest(A), earlier);
    assertThat(store.latestManifest(B)).isEmpty();
  }

  @Test
  void lastManifestOfABatchBecomesTheLatest() {
    store.append(
        A, List.of(), List.of(putManifest(manifest("m2", T0)), putManifest(manifest("m1", T0))));
    assertThat(store.latestManifest(A).orElseThrow().manifestId()).isEqualTo("m1");
  }

  @Test
  void manifestsListNewestDeployFirstAndTiesByGreaterId() {
    store.append(
        A,
        List.of(),
        List.of(
            putManifest(manifest("b", T0)),
            putManifest(manifest("c", T0.plusNanos(1))),
            putManifest(manifest("a", T0)),
            putManifest(manifest("z", T0.minusSeconds(1))),
            putManifest(manifest("d", T0.plusSeconds(1)))));
    store.append(B, List.of(), List.of(putManifest(manifest("other", T0))));
    assertThat(store.manifests(A).stream().map(ManifestRecord::manifestId))
        .containsExactly("d", "c", "b", "a", "z");
    ManifestRecord c = store.manifests(A).get(1);
    assertThat(c.deployedAt()).isEqualTo(T0.plusNanos(1));
  }

  @Test
  void manifestIsFoundById() {
    ManifestRecord m = manifest("m1", T0.plusMillis(123));
    store.append(A, List.of(), List.of(putManifest(m)));
    assertSameManifest(store.manifest(A, "m1"), m);
    assertThat(store.manifest(A, "m2")).isEmpty();
    assertThat(store.manifest(B, "m1")).isEmpty();
  }

  @Test
  void puttingAManifestIdAgainReplacesItAndMakesItLatest() {
    store.append(A, List.of(), List.of(putManifest(manifest("m1", T0))));
    store.append(A, List.of(), List.of(putManifest(manifest("m2", T0))));
    ManifestRecord again = manifest("m1", T0.plusSeconds(5));
    store.append(A, List.of(), List.of(putManifest(again)));
    assertSameManifest(store.latestManifest(A), again);
    assertThat(store.manifests(A)).hasSize(2);
  }

  // ---- snapshots -----------------------------------------------------------------------------

  @Test
  void latestSnapshotHasTheGreatestSequence() {
    store.saveSnapshot(A, new StoredSnapshot(5, new byte[] {5}));
    store.saveSnapshot(A, new StoredSnapshot(10, new byte[] {10}));
    store.saveSnapshot(A, new StoredSnapshot(7, new byte[] {7}));
    store.saveSnapshot(B, new StoredSnapshot(1, new byte[] {1}));
    StoredSnapshot latest = store.latestSnapshot(A).orElseThrow();
    assertThat(latest.sequence()).isEqualTo(10);
    assertThat(latest.bytes()).containsExactly(10);
    assertThat(store.latestSnapshot(B).orElseThrow().bytes()).containsExactly(1);
    assertThat(store.latestSnapshot(C)).isEmpty();
  }

  @Test
  void snapshotAtTheSameSequenceIsReplaced() {
    store.saveSnapshot(A, new StoredSnapshot(3, new byte[] {1}));
    store.saveSnapshot(A, new StoredSnapshot(3, new byte[] {2}));
    assertThat(store.latestSnapshot(A).orElseThrow().bytes()).containsExactly(2);
  }

  // ---- logs ----------------------------------------------------------------------------------

  @Test
  void putLogStoresANewPathAndRefusesAnExistingOne() {
    assertThat(store.putLog(A, log("logs/r1/a/attempt-1.log"))).isTrue();
    LogRecord other = new LogRecord("logs/r1/a/attempt-1.log", new byte[] {42});
    assertThat(store.putLog(A, other)).isFalse();
    LogRecord stored = store.logs(A, "logs/r1/a/attempt-1.log", Optional.empty(), 10).get(0);
    assertThat(stored.content()).isEqualTo(log("logs/r1/a/attempt-1.log").content());
    assertThat(store.putLog(B, other)).isTrue();
  }

  @Test
  void logsAreFilteredByPrefixAndAfterPathInPathOrder() {
    for (String p :
        List.of(
            "logs/r1/b/attempt-1.log",
            "logs/r1/a/attempt-2.log",
            "logs/r1/a/attempt-1.log",
            "logs/r10/a/attempt-1.log",
            "logs/r2/a/attempt-1.log",
            "logs/r1/a/attempt-10.log",
            "logs/r1/é/attempt-1.log")) {
      store.putLog(A, log(p));
    }
    store.putLog(B, log("logs/r1/a/attempt-3.log"));
    assertThat(paths(store.logs(A, "logs/r1/", Optional.empty(), 10)))
        .containsExactly(
            "logs/r1/a/attempt-1.log",
            "logs/r1/a/attempt-10.log",
            "logs/r1/a/attempt-2.log",
            "logs/r1/b/attempt-1.log",
            "logs/r1/é/attempt-1.log");
    assertThat(paths(store.logs(A, "logs/r1/", Optional.of("logs/r1/a/attempt-10.log"), 2)))
        .containsExactly("logs/r1/a/attempt-2.log", "logs/r1/b/attempt-1.log");
    assertThat(paths(store.logs(A, "logs/r1/a/", Optional.of("logs/r0"), 10)))
        .containsExactly(
            "logs/r1/a/attempt-1.log", "logs/r1/a/attempt-10.log", "logs/r1/a/attempt-2.log");
    assertThat(store.logs(A, "logs/r1/", Optional.of("logs/r1/é/attempt-1.log"), 10)).isEmpty();
    assertThat(store.logs(A, "logs/r1/", Optional.empty(), 0)).isEmpty();
    assertThat(paths(store.logs(A, "", Optional.empty(), 100))).hasSize(7);
    assertThat(store.logs(A, "logs/r3", Optional.empty(), 10)).isEmpty();
    assertThatThrownBy(() -> store.logs(A, "", Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<String> paths(List<LogRecord> logs) {
    return logs.stream().map(LogRecord::path).toList();
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void metadataIsCreatedOnceThenReturnedAsStored() {
    AtomicInteger calls = new AtomicInteger();
    byte[] first = store.metadata("secret", () -> new byte[] {(byte) calls.incrementAndGet()});
    byte[] second = store.metadata("secret", () -> new byte[] {(byte) calls.incrementAndGet()});
    assertThat(first).containsExactly(1);
    assertThat(second).containsExactly(1);
    assertThat(calls).hasValue(1);
    first[0] = 99;
    assertThat(store.metadata("secret", () -> new byte[] {7})).containsExactly(1);
    assertThat(store.metadata("other", () -> new byte[] {2})).containsExactly(2);
  }

  @Test
  void concurrentMetadataCallsAgreeOnOneValue() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte value = (byte) i;
        Callable<byte[]> call =
            () -> {
              start.await();
              return store.metadata("key", () -> new byte[] {value});
            };
        results.add(pool.submit(call));
      }
      start.countDown();
      byte[] winner = results.get(0).get(30, TimeUnit.SECONDS);
      for (Future<byte[]> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(winner);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- concurrency, reopen, close ------------------------------------------------------------

  @Test
  void concurrentAppendsKeepEachScopeGapFree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Long>> heads = Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 6; t++) {
        Scope scope = t % 2 == 0 ? A : B;
        String task = "task-" + t;
        heads.add(
            pool.submit(
                () -> {
                  long last = 0;
                  for (int i = 0; i < 10; i++) {
                    last = append(scope, attempts(scope, task, i * 3 + 1, 3));
                  }
                  return last;
                }));
      }
      for (Future<Long> f : heads) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Scope s : List.of(A, B)) {
      assertThat(store.head(s)).isEqualTo(90);
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= 90; i++) {
        expected.add(i);
      }
      assertThat(sequences(store.read(s, 0, 1000))).isEqualTo(expected);
    }
  }

  @Test
  void storedDataSurvivesReopen() throws Exception {
    List<EventEnvelope> events = attempts(A, "a", 1, 3);
    store.append(
        A,
        events,
        List.of(putManifest(manifest("m2", T0)), putRequest(request("deploy", "k", "fp"))));
    store.append(A, List.of(), List.of(putManifest(manifest("m1", T0.minusSeconds(1)))));
    store.saveSnapshot(A, new StoredSnapshot(3, new byte[] {3}));
    store.putLog(A, log("logs/r/a/attempt-1.log"));
    byte[] secret = store.metadata("secret", () -> new byte[] {1, 2, 3});

    store = reopen(store);

    assertThat(envelopes(store.read(A, 0, 10))).isEqualTo(events);
    assertThat(store.head(A)).isEqualTo(3);
    assertThat(store.newestEventId()).contains(events.get(2).eventId());
    assertThat(store.scopes()).containsExactly(A);
    assertThat(store.latestSnapshot(A).orElseThrow().bytes()).containsExactly(3);
    assertThat(store.latestManifest(A).orElseThrow().manifestId()).isEqualTo("m1");
    assertThat(store.manifests(A).stream().map(ManifestRecord::manifestId))
        .containsExactly("m2", "m1");
    assertThat(store.requestRecord(A, "deploy", "k")).isPresent();
    assertThat(store.putLog(A, log("logs/r/a/attempt-1.log"))).isFalse();
    assertThat(store.metadata("secret", () -> new byte[] {9})).isEqualTo(secret);
    assertThat(append(A, attempts(A, "a", 4, 1))).isEqualTo(4);
    assertThatThrownBy(() -> append(A, List.of(started(A, "a", 1))))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void callsAfterCloseFail() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.head(A)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> append(A, attempts(A, "a", 1, 1))).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.metadata("k", () -> new byte[0]))
        .isInstanceOf(StoreException.class);
  }

  // ---- history (decisions §3) ----------------------------------------------------------------

  static io.arco.flow.fold.RunRow finishedRow(
      String runId, io.arco.flow.model.RunState state, Instant triggeredAt, Optional<String> runKey) {
    return new io.arco.flow.fold.RunRow(
        runId,
        "plan_" + runId,
        state,
        runKey,
        java.util.Map.of("team", "data"),
        Optional.empty(),
        Optional.empty(),
        new io.arco.flow.event.TriggerInfo.Manual("api"),
        List.of("a.a"),
        false,
        Optional.empty(),
        1,
        1,
        state == io.arco.flow.model.RunState.SUCCEEDED ? 1 : 0,
        state == io.arco.flow.model.RunState.FAILED ? 1 : 0,
        0,
        0,
        triggeredAt,
        Optional.of(triggeredAt.plusSeconds(5)),
        "01JHrow" + runId);
  }

  static io.arco.flow.fold.FinishedRun finished(
      String runId, io.arco.flow.model.RunState state, Instant triggeredAt, long endedAt, Optional<String> runKey) {
    io.arco.flow.fold.RunRow row = finishedRow(runId, state, triggeredAt, runKey);
    return new io.arco.flow.fold.FinishedRun(
        endedAt,
        row,
        io.arco.flow.model.PublicRunState.valueOf(state.name()),
        List.of(),
        List.of(),
        List.of(),
        runKey.map(
            k ->
                new io.arco.flow.fold.RunKeyRow(
                    k, runId, "plan_" + runId, Optional.of("fp"), Optional.of("MANUAL"),
                    Optional.empty(), triggeredAt, "01JHkey" + runId)));
  }

  @Test
  void historyRowsAreWrittenWithTheBatchAndFoundByIdRunKeyAndStoredKey() throws Exception {
    EventEnvelope e1 = started(A, "h", 1);
    EventEnvelope e2 = started(A, "h", 2);
    io.arco.flow.fold.FinishedRun r1 =
        finished("r1", io.arco.flow.model.RunState.SUCCEEDED, T0, 2, Optional.of("daily"));
    store.append(A, List.of(e1, e2), List.of(), io.arco.flow.fold.HistoryRows.ofRuns(List.of(r1)));

    assertThat(store.finishedRun(A, "r1")).contains(r1);
    assertThat(store.finishedRun(B, "r1")).isEmpty();
    assertThat(store.finishedRunKey(A, "daily", Long.MAX_VALUE)).isEqualTo(r1.runKey());
    assertThat(store.finishedRunKey(A, "daily", 3)).isEqualTo(r1.runKey());
    assertThat(store.finishedRunKey(A, "daily", 2))
        .as("the fold at position 2 must not see a run that ended at 2")
        .isEmpty();
    assertThat(store.storedKey(A, e2.idempotencyKey(), Long.MAX_VALUE).orElseThrow().eventId())
        .isEqualTo(e2.eventId());
    assertThat(store.storedKey(A, e2.idempotencyKey(), 2)).isEmpty();
    assertThat(store.storedKey(A, e1.idempotencyKey(), 2)).isPresent();
    assertThat(store.historyHead(A)).isEqualTo(2);
    assertThat(store.historyHead(B)).isZero();

    store = reopen(store);
    assertThat(store.finishedRun(A, "r1")).contains(r1);
    assertThat(store.finishedRunsByEnd(A, 0, 10)).containsExactly(r1);
  }

  @Test
  void aRefusedBatchWritesNoHistoryRow() {
    EventEnvelope e1 = started(A, "h", 1);
    store.append(A, List.of(e1), List.of());
    io.arco.flow.fold.FinishedRun r1 =
        finished("r1", io.arco.flow.model.RunState.SUCCEEDED, T0, 2, Optional.of("k1"));
    assertThatThrownBy(() -> store.append(A, List.of(started(A, "h", 1)), List.of(), io.arco.flow.fold.HistoryRows.ofRuns(List.of(r1))))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.finishedRun(A, "r1")).isEmpty();
    assertThat(store.finishedRunKey(A, "k1", Long.MAX_VALUE)).isEmpty();

    store.append(A, List.of(started(A, "h", 2)), List.of(), io.arco.flow.fold.HistoryRows.ofRuns(List.of(r1)));
    io.arco.flow.fold.FinishedRun again =
        finished("r1", io.arco.flow.model.RunState.FAILED, T0, 3, Optional.empty());
    long head = store.head(A);
    assertThatThrownBy(() -> store.append(A, List.of(started(A, "h", 3)), List.of(), io.arco.flow.fold.HistoryRows.ofRuns(List.of(again))))
        .as("a run enters history once")
        .isInstanceOf(StoreException.class);
    assertThat(store.head(A)).isEqualTo(head);
    assertThat(store.finishedRun(A, "r1")).contains(r1);
  }

  @Test
  void finishedRunsPageNewestFirstThenRunIdWithStateFilterAndKeysetCursor() {
    List<io.arco.flow.fold.FinishedRun> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // r0,r1 share a time; r2..r5 one second apart; every third failed
      Instant t = T0.plusSeconds(i < 2 ? 0 : i);
      io.arco.flow.model.RunState st =
          i % 3 == 2 ? io.arco.flow.model.RunState.FAILED : io.arco.flow.model.RunState.SUCCEEDED;
      runs.add(finished("r" + i, st, t, i + 1, Optional.empty()));
    }
    store.append(A, List.of(started(A, "p", 1)), List.of(), io.arco.flow.fold.HistoryRows.ofRuns(runs.subList(0, 3)));
    store.putHistory(A, io.arco.flow.fold.HistoryRows.ofRuns(runs.subList(3, 6)));

    java.util.function.Function<List<io.arco.flow.fold.RunHistoryRow>, List<String>> ids =
        rows -> rows.stream().map(r -> r.run().runId()).toList();
    var all = new io.arco.flow.fold.RunHistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10);
    assertThat(ids.apply(store.finishedRuns(A, all))).containsExactly("r5", "r4", "r3", "r2", "r0", "r1");
    var skipTwo =
        new io.arco.flow.fold.RunHistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 2, 2);
    assertThat(ids.apply(store.finishedRuns(A, skipTwo))).containsExactly("r3", "r2");
    var page2 =
        new io.arco.flow.fold.RunHistoryQuery(
            Optional.empty(), Optional.of(T0), Optional.of("r0"), 10);
    assertThat(ids.apply(store.finishedRuns(A, page2))).containsExactly("r1");
    var afterR3 =
        new io.arco.flow.fold.RunHistoryQuery(
            Optional.empty(), Optional.of(T0.plusSeconds(3)), Optional.of("r3"), 2);
    assertThat(ids.apply(store.finishedRuns(A, afterR3))).containsExactly("r2", "r0");
    var failed =
        new io.arco.flow.fold.RunHistoryQuery(
            Optional.of(io.arco.flow.model.PublicRunState.FAILED), Optional.empty(), Optional.empty(), 10);
    assertThat(ids.apply(store.finishedRuns(A, failed))).containsExactly("r5", "r2");
    assertThat(store.finishedRuns(A, failed).get(0).publicState())
        .isEqualTo(io.arco.flow.model.PublicRunState.FAILED);
    assertThat(store.finishedRuns(B, all)).isEmpty();
    assertThat(store.finishedRunsByEnd(A, 4, 10).stream().map(io.arco.flow.fold.FinishedRun::runId))
        .containsExactly("r4", "r5");
  }

  @Test
  void clearingHistoryKeepsTheLogAndDropsSnapshots() {
    store.append(
        A,
        List.of(started(A, "c", 1)),
        List.of(),
        io.arco.flow.fold.HistoryRows.ofRuns(
            List.of(finished("r1", io.arco.flow.model.RunState.SUCCEEDED, T0, 1, Optional.of("k")))));
    store.saveSnapshot(A, new StoredSnapshot(1, "{}".getBytes(StandardCharsets.UTF_8)));
    store.append(
        B,
        List.of(started(B, "c", 1)),
        List.of(),
        io.arco.flow.fold.HistoryRows.ofRuns(
            List.of(finished("r1", io.arco.flow.model.RunState.SUCCEEDED, T0, 1, Optional.empty()))));

    store.clearHistory(A);

    assertThat(store.finishedRun(A, "r1")).isEmpty();
    assertThat(store.finishedRunKey(A, "k", Long.MAX_VALUE)).isEmpty();
    assertThat(store.latestSnapshot(A)).isEmpty();
    assertThat(store.head(A)).isEqualTo(1);
    assertThat(store.finishedRun(B, "r1")).isPresent();
  }

  static io.arco.flow.fold.FinishedTick tick(String id, Instant at, io.arco.flow.event.TickStatus status, long endedAt) {
    var row =
        new io.arco.flow.fold.ScheduleTickRow(
            id, "hourly", at, "01JHdef", List.of("a.a"), Optional.empty(), status,
            Optional.empty(), Optional.empty(), Optional.empty(), "01JHtick" + id);
    String name = status instanceof io.arco.flow.event.TickStatus.Triggered ? "TRIGGERED" : "SKIPPED";
    return new io.arco.flow.fold.FinishedTick(endedAt, row, name);
  }

  static io.arco.flow.fold.FinishedEval eval(String id, Instant at, int version, long epoch, long endedAt) {
    var row =
        new io.arco.flow.fold.SensorEvalRow(
            id, "bucket", Optional.empty(), Optional.of("c-" + id), Optional.of(version),
            new io.arco.flow.model.TriggerSource.Poll(epoch), List.of(),
            new io.arco.flow.model.SensorEvalStatus.NoNewData(), at, "01JHeval" + id);
    return new io.arco.flow.fold.FinishedEval(endedAt, row);
  }

  @Test
  void settledTicksAndReplacedEvaluationsAreFoundByIdLeaseAndPagedNewestFirst() throws Exception {
    var skipped = new io.arco.flow.event.TickStatus.Skipped("overlap");
    var triggered = new io.arco.flow.event.TickStatus.Triggered();
    var t1 = tick("hourly:1", T0, triggered, 1);
    var t2 = tick("hourly:2", T0.plusSeconds(3600), skipped, 1);
    var t3 = tick("hourly:3", T0.plusSeconds(7200), triggered, 2);
    var e1 = eval("e1", T0, 0, 100, 2);
    var e2 = eval("e2", T0.plusSeconds(60), 1, 160, 2);
    store.append(
        A,
        List.of(started(A, "t", 1), started(A, "t", 2)),
        List.of(),
        new io.arco.flow.fold.HistoryRows(List.of(), List.of(t1, t2, t3), List.of(e1, e2)));
    store = reopen(store);

    assertThat(store.finishedTick(A, "hourly:2")).contains(t2);
    assertThat(store.finishedTick(B, "hourly:2")).isEmpty();
    var all = new io.arco.flow.fold.TickHistoryQuery("hourly", Optional.empty(), Optional.empty(), Optional.empty(), 10);
    assertThat(store.finishedTicks(A, all)).containsExactly(t3, t2, t1);
    var after3 =
        new io.arco.flow.fold.TickHistoryQuery(
            "hourly", Optional.empty(), Optional.of(t3.tick().scheduledFor()), Optional.of("hourly:3"), 10);
    assertThat(store.finishedTicks(A, after3)).containsExactly(t2, t1);
    var onlyTriggered =
        new io.arco.flow.fold.TickHistoryQuery("hourly", Optional.of("TRIGGERED"), Optional.empty(), Optional.empty(), 1);
    assertThat(store.finishedTicks(A, onlyTriggered)).containsExactly(t3);

    assertThat(store.finishedEval(A, "e1")).contains(e1);
    assertThat(store.finishedEvalOfLease(A, e2.leaseKey().orElseThrow())).contains(e2);
    assertThat(store.finishedEvalOfLease(A, "bucket\0" + "9\0" + "9")).isEmpty();
    var evals =
        new io.arco.flow.fold.EvalHistoryQuery(
            "bucket", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10);
    assertThat(store.finishedEvals(A, evals)).containsExactly(e2, e1);
    var since =
        new io.arco.flow.fold.EvalHistoryQuery(
            "bucket", Optional.of(T0.plusSeconds(1)), Optional.empty(), Optional.of("NO_NEW_DATA"),
            Optional.empty(), Optional.empty(), 10);
    assertThat(store.finishedEvals(A, since)).containsExactly(e2);
    var afterE2 =
        new io.arco.flow.fold.EvalHistoryQuery(
            "bucket", Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(e2.eval().evaluatedAt()), Optional.of("e2"), 10);
    assertThat(store.finishedEvals(A, afterE2)).containsExactly(e1);
    assertThat(store.historyHead(A)).isEqualTo(2);

    store.clearHistory(A);
    assertThat(store.finishedTicks(A, all)).isEmpty();
    assertThat(store.finishedEval(A, "e1")).isEmpty();
    assertThat(store.historyHead(A)).isZero();
  }
}
