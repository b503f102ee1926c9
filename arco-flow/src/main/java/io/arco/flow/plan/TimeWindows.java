package io.arco.flow.plan;

/**
 * The windows of one time dimension between two bounds, ascending, indexed without being
 * materialised: {@link #at} computes the key of window {@code index} arithmetically.
 */
sealed interface TimeWindows permits DateWindows, HourWindows {
  /** How many windows there are. */
  long size();

  /** The key value ({@code d:} or {@code t:}) of window {@code index}, {@code 0 <= index < size}. */
  PartitionValue at(long index);
}
