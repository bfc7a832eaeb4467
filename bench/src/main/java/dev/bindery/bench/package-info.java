/**
 * Bindery's benchmarks: JMH benchmarks of the kernels and services, run by {@link dev.bindery.bench.BenchMain}, which
 * measures the baseline of each (the machine's memory read bandwidth for bandwidth-bound kernels) in the same run and
 * writes a JSON summary per benchmark (name, value, unit, baseline, ratio).
 */
package dev.bindery.bench;
