/** Backfill routes (api-contract §10, decisions §2.4 and §6.4). */
package io.arco.api.backfill;
