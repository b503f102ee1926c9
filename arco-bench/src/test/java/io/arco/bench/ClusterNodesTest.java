package io.arco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.arco.flow.model.Scope;
import org.junit.jupiter.api.Test;

class ClusterNodesTest {
  private static final Scope WS = new Scope("bench", "bench");

  private static JsonNode json(String s) throws Exception {
    return ArcoHttp.JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void theWriterIsTheHolderOfTheWorkspacesLeaseThatHasNotLapsed() throws Exception {
    JsonNode view =
        json(
            "{'mode':'cluster','leases':["
                + "{'tenantId':'bench','workspaceId':'other','holder':'n2','epoch':1,'lapsed':false},"
                + "{'tenantId':'bench','workspaceId':'bench','holder':'n1','epoch':3,'lapsed':false}]}");

    assertThat(ClusterNodes.writer(view, WS)).contains("n1");
  }

  @Test
  void aLapsedLeaseOrNoLeaseMeansNoWriter() throws Exception {
    JsonNode lapsed =
        json("{'leases':[{'tenantId':'bench','workspaceId':'bench','holder':'n0','epoch':1,'lapsed':true}]}");

    assertThat(ClusterNodes.writer(lapsed, WS)).isEmpty();
    assertThat(ClusterNodes.writer(json("{'mode':'single','nodes':[],'leases':[]}"), WS)).isEmpty();
  }

  @Test
  void aliveNodesAreThoseTheViewMarksAlive() throws Exception {
    JsonNode view =
        json("{'nodes':[{'nodeId':'n0','alive':true},{'nodeId':'n1','alive':false},{'nodeId':'n2','alive':true}]}");

    assertThat(ClusterNodes.alive(view)).containsExactly("n0", "n2");
  }
}
