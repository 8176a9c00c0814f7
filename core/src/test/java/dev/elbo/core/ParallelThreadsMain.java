package dev.elbo.core;

/** Prints {@link Parallel#threads()}: run by {@link ParallelTest} in a JVM with {@code -Delbo.threads}. */
public final class ParallelThreadsMain {
    private ParallelThreadsMain() {}

    public static void main(String[] args) {
        System.out.println("threads=" + Parallel.threads());
    }
}
