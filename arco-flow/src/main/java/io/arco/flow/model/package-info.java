/**
 * Identifiers, keys and state enumerations shared by every layer of arco-flow. Depends on nothing
 * else in Arco.
 */
package io.arco.flow.model;
