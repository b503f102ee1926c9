/**
 * JMH benchmarks of Arco: the fold ({@link io.arco.bench.FoldBenchmark}), the storage codecs
 * ({@link io.arco.bench.CodecBenchmark}) and end-to-end commands through the engine's single writer
 * ({@link io.arco.bench.EngineBenchmark}); and benchmark mains for scale scenarios: partition status
 * at 100,000 partitions ({@link io.arco.bench.PartitionScaleBenchmark}) and a workspace's history
 * of finished runs, across kill -9 and clean restarts ({@link io.arco.bench.HistoryScaleBenchmark},
 * whose child JVMs run {@link io.arco.bench.HistoryScaleChild}); and the throughput and
 * latency-under-load benchmarks of {@code arco serve} as a black box: a layered DAG over HTTP,
 * compared with Temporal's test server and with the engine API in process ({@link
 * io.arco.bench.ThroughputBenchmark}), and p50/p99 per route under concurrent clients ({@link
 * io.arco.bench.LoadBenchmark}). Performance figures live here, never in timed unit tests; see
 * {@code arco-bench/README.md} for how to run them and read the numbers.
 */
package io.arco.bench;
