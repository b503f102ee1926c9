package io.arco.flow.model;

import java.util.Optional;

/** Resource metrics a worker reported for an attempt. */
public record TaskMetrics(
    Optional<Long> cpuTimeMs,
    Optional<Long> peakMemoryBytes,
    Optional<Long> ioReadBytes,
    Optional<Long> ioWriteBytes) {
  public TaskMetrics {
    cpuTimeMs = cpuTimeMs == null ? Optional.empty() : cpuTimeMs;
    peakMemoryBytes = peakMemoryBytes == null ? Optional.empty() : peakMemoryBytes;
    ioReadBytes = ioReadBytes == null ? Optional.empty() : ioReadBytes;
    ioWriteBytes = ioWriteBytes == null ? Optional.empty() : ioWriteBytes;
  }
}
