package io.arco.flow.store;

import io.arco.flow.model.Scope;
import java.time.Instant;

/**
 * A workspace's writer lease as the database holds it (decisions §7.11): the node that may append
 * to the workspace's log, the fencing epoch its appends must carry, and when the lease ends unless
 * renewed. {@code lapsed} says whether it had ended at the database's time of the read; times are
 * the database's, so nodes whose clocks disagree still agree on the lease.
 */
public record WriterLease(Scope scope, String holder, long epoch, Instant expiresAt, boolean lapsed) {}
