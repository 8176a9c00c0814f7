package dev.elbo.bench;

import org.openjdk.jmh.annotations.Fork;

/** {@link KernelsBenchmark} with the lanewise SVML transcendentals too ({@code -Delbo.vectorMath=true}). */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Delbo.vectorMath=true"})
public class KernelsVectorMathBenchmark extends KernelsBenchmark {}
