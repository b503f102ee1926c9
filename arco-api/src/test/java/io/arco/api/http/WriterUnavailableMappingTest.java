package io.arco.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.arco.flow.error.FlowError;
import org.junit.jupiter.api.Test;

/**
 * The engine's refusal of a command on a node that no longer writes the workspace (the lease moved
 * between routing and running it; decisions §7.11) is a 503 clients may retry, on both routers.
 */
class WriterUnavailableMappingTest {
  private final FlowError refused = new FlowError.WriterUnavailable("the writer lease moved to node b");

  @Test
  void onTheUserRouterItIs503WriterUnavailable() {
    ApiError e = ErrorMapper.toApi(refused);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("WRITER_UNAVAILABLE");
    assertThat(e.message()).isEqualTo("no writer for this workspace: the writer lease moved to node b");
  }

  @Test
  void onTheTaskRouterItIs503WriterUnavailableInTheCallbackEnvelope() {
    CallbackError e = ErrorMapper.toCallback(refused);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.error()).isEqualTo("writer_unavailable");
    assertThat(e.message()).isEqualTo("no writer for this workspace: the writer lease moved to node b");
  }
}
