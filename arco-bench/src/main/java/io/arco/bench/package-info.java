/**
 * JMH benchmarks of Arco: the fold ({@link io.arco.bench.FoldBenchmark}), the storage codecs
 * ({@link io.arco.bench.CodecBenchmark}) and end-to-end commands through the engine's single writer
 * ({@link io.arco.bench.EngineBenchmark}). Performance figures live here, never in timed unit
 * tests; see {@code arco-bench/README.md} for how to run them and read the numbers.
 */
package io.arco.bench;
