package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArcoHttpTest {
  @Test
  void routesDropThePrefixTheWorkspaceAndTheQueryAndNameTheIds() {
    assertThat(ArcoHttp.route("GET", "/api/v1/workspaces/bench/runs?limit=20")).isEqualTo("GET /runs");
    assertThat(ArcoHttp.route("POST", "/api/v1/workspaces/bench/runs")).isEqualTo("POST /runs");
    assertThat(ArcoHttp.route("GET", "/api/v1/workspaces/bench/runs/01KC3F5Z4T0000000000000000"))
        .isEqualTo("GET /runs/{runId}");
    assertThat(ArcoHttp.route("POST", "/api/v1/workspaces/bench/runs/run-key/backfill"))
        .isEqualTo("POST /runs/run-key/backfill");
    assertThat(ArcoHttp.route("POST", "/api/v1/workspaces/bench/workers/poll")).isEqualTo("POST /workers/poll");
    assertThat(ArcoHttp.route("POST", "/api/v1/tasks/ct1_abc/started")).isEqualTo("POST /tasks/{taskId}/started");
    assertThat(ArcoHttp.route("POST", "/api/v1/tasks/ct1_abc/completed"))
        .isEqualTo("POST /tasks/{taskId}/completed");
  }
}
