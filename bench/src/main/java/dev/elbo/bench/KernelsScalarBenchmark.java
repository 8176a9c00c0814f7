package dev.elbo.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link KernelsBenchmark} on the plain scalar loops ({@code -Delbo.scalar=true}). */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Delbo.scalar=true"})
public class KernelsScalarBenchmark extends KernelsBenchmark {}
