/**
 * Bindery's benchmarks: JMH benchmarks of the kernels and services, run by {@link dev.bindery.bench.BenchMain}, which
 * measures the baseline of each (the machine's memory read bandwidth for bandwidth-bound kernels) in the same run,
 * or states it as a recorded anchor where it cannot be measured here (PyTorch for the audio encoder), and writes a
 * JSON summary per group (name, value, unit, baseline, ratio): {@code kernels.json} and {@code encoders.json}.
 *
 * <p>Consumes the tensor library, the audio and point-cloud encoder bundles (their stage methods), the ONNX bundle
 * (graph builder and sessions) and ONNX Runtime; encoder models get random weights at the released sizes
 * ({@link dev.bindery.bench.RandomStateDicts}).
 */
package dev.bindery.bench;
