package io.arco.flow.engine;

import io.arco.flow.store.ClusterStore;

/** A workspace writer's link to the cluster: the store's lease operations and this node's id. */
record ClusterSeat(ClusterStore leases, String nodeId) {}
