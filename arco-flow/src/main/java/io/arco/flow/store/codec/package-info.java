/**
 * The canonical JSON form of events and fold snapshots: one Jackson mapper ({@link
 * io.arco.flow.store.codec.CodecMapper}) with sorted properties and map keys, no floating point,
 * omitted absent values and RFC 3339 instants. Domain records carry no Jackson annotations; the
 * wire names are set here through mix-ins and hand-written (de)serialisers.
 */
package io.arco.flow.store.codec;
