/**
 * Partition status, staleness and reconciliation routes (api-contract §11, decisions §2.6, §6.5,
 * §6.10).
 */
package io.arco.api.partition;
