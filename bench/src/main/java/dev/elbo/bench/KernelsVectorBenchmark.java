package dev.elbo.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link KernelsBenchmark} with the default paths (Vector API, {@code Math.*} for tanh, softplus and other transcendentals). */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class KernelsVectorBenchmark extends KernelsBenchmark {}
