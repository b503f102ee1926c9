/**
 * Several serving nodes on one PostgreSQL database (decisions §7.11): forwarding commands to the
 * node that writes their workspace, and {@code GET /api/v1/cluster}.
 */
package io.arco.api.cluster;
