package io.arco.api.partitionset;

import static io.arco.api.testing.ApiAssertions.assertBadRequest;
import static io.arco.api.testing.ApiAssertions.assertError;
import static io.arco.api.testing.ApiAssertions.assertInvalidField;
import static io.arco.api.testing.ApiAssertions.assertStatus;
import static io.arco.api.testing.Fixtures.asset;
import static io.arco.api.testing.Fixtures.manifest;
import static io.arco.api.testing.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.arco.api.testing.TestServer;
import io.arco.api.testing.TestServer.Resp;
import io.arco.flow.model.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionSetHttpTest {
  private static final Scope WS = new Scope("t1", "w1");
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String members(String name) {
    return server.ws() + "/partition-sets/" + name + "/members";
  }

  private Resp change(String name, Object body) {
    return server.post(members(name), body);
  }

  private static Map<String, Object> body(List<String> add, List<String> remove) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("add", add);
    b.put("remove", remove);
    return b;
  }

  private static List<String> names(Resp r) {
    List<String> out = new ArrayList<>();
    r.body().path("members").forEach(m -> out.add(m.asText()));
    return out;
  }

  /** Events recorded in the workspace of {@link TestServer}'s tenancy headers. */
  private long recordedEvents() {
    return server.engine().read(WS, s -> (long) s.idempotencyKeyCount());
  }

  @Test
  void postChangesTheSetAndGetReadsItSorted() {
    Resp added = change("customers", body(List.of("globex", "acme"), List.of()));
    assertStatus(added, 200);
    assertThat(added.body().path("name").asText()).isEqualTo("customers");
    assertThat(names(added)).containsExactly("acme", "globex");

    Resp removed = change("customers", Map.of("remove", List.of("acme"), "add", List.of("initech")));
    assertThat(names(removed)).containsExactly("globex", "initech");

    Resp read = server.get(members("customers"));
    assertStatus(read, 200);
    assertThat(read.body().path("name").asText()).isEqualTo("customers");
    assertThat(names(read)).containsExactly("globex", "initech");
  }

  @Test
  void anUnknownSetReadsAsEmpty() {
    Resp r = server.get(members("nobody"));
    assertStatus(r, 200);
    assertThat(r.body().path("members").isArray()).isTrue();
    assertThat(names(r)).isEmpty();
  }

  @Test
  void aRepeatedIdempotencyKeyIsAReplay() {
    Map<String, String> key = Map.of("Idempotency-Key", "req-1");
    server.post(members("customers"), body(List.of("acme"), List.of()), key);
    change("customers", body(List.of(), List.of("acme")));
    long before = recordedEvents();

    Resp replay = server.post(members("customers"), body(List.of("acme"), List.of()), key);

    assertStatus(replay, 200);
    assertThat(names(replay)).isEmpty();
    assertThat(recordedEvents()).isEqualTo(before);
  }

  @Test
  void badRequestsAnswerTheirMessagesAndWriteNothing() {
    assertBadRequest(
        change("Customers", body(List.of("a"), List.of())),
        "invalid partition set name 'Customers' (expected [a-z][a-z0-9_-]{0,63})");
    assertBadRequest(
        server.get(members("Customers")),
        "invalid partition set name 'Customers' (expected [a-z][a-z0-9_-]{0,63})");
    assertBadRequest(
        change("customers", body(List.of(""), List.of())), "partition set member cannot be empty");
    assertBadRequest(
        change("customers", body(List.of("x".repeat(257)), List.of())),
        "partition set member must be at most 256 bytes");
    assertBadRequest(
        change("customers", Map.of()), "add or remove must name at least one member");
    assertBadRequest(
        change("customers", body(List.of("a"), List.of("a"))),
        "partition set member 'a' is both added and removed");
    assertInvalidField(change("customers", Map.of("add", "acme")), "add", "expected an array of strings");
    assertInvalidField(
        change("customers", Map.of("remove", List.of(1))), "remove[0]", "expected a string");
    assertError(
        server.post(
            "/api/v1/workspaces/other/partition-sets/customers/members",
            body(List.of("a"), List.of())),
        404,
        "NOT_FOUND",
        "workspace not found");
    assertThat(recordedEvents()).isZero();
    assertThat(names(server.get(members("customers")))).isEmpty();
  }

  @Test
  void aRunWithADynamicPartitionIsTriggeredOnceTheValueIsAMember() {
    Map<String, Object> partitioning =
        Map.of(
            "dimensions",
            List.of(Map.of("name", "customer", "kind", "dynamic", "set", "customers")));
    assertStatus(
        server.post(server.ws() + "/manifests", manifest(with(asset("c.orders"), "partitioning", partitioning))),
        201);
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("selection", List.of("c.orders"));
    trigger.put("partitions", List.of(Map.of("key", "customer", "value", "acme")));

    assertBadRequest(
        server.post(server.ws() + "/runs", trigger),
        "dimension 'customer' value 'acme' is not a member of set 'customers'");

    change("customers", body(List.of("acme"), List.of()));
    Resp run = server.post(server.ws() + "/runs", trigger);
    assertStatus(run, 201);
    Resp view = server.get(server.ws() + "/runs/" + run.body().path("runId").asText());
    assertThat(view.body().path("tasks").get(0).path("partitionKey").asText())
        .isEqualTo("customer=s:YWNtZQ");
  }

  @Test
  void aBadDynamicDimensionIsRefusedAtDeploy() {
    Map<String, Object> partitioning =
        Map.of("dimensions", List.of(Map.of("name", "customer", "kind", "dynamic")));
    assertInvalidField(
        server.post(server.ws() + "/manifests", manifest(with(asset("c.orders"), "partitioning", partitioning))),
        "assets[0].partitioning.dimensions[0].set",
        "dynamic dimension 'customer' needs a set name");
  }
}
