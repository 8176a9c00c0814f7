package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, no kernel allocates. Vector API code allocates a box for every vector that C2
 * cannot keep in registers: a vector-taking helper that was not inlined, or lanes read from a
 * loop's accumulator. Which calls C2 inlines depends on method sizes, so a small edit to a
 * kernel can start allocating silently; this test catches it. Sizes have tails for every
 * vector width (203 = 25·8 + 3, 67 = 16·4 + 3).
 */
class KernelAllocationTest {

    @Test
    void everyKernelRunsWithoutAllocatingOnceCompiled() {
        int n = 203, rows = 3, cols = 67;
        double[] a = new double[n], b = new double[n], c = new double[n], out = new double[n];
        Rng rng = new Rng(7);
        for (int i = 0; i < n; i++) {
            a[i] = 6 * rng.nextDouble() - 3;
            b[i] = rng.nextDouble() + 0.5;
            c[i] = rng.nextDouble();
        }
        double[] sink = new double[1];
        Map<String, Runnable> kernels = new LinkedHashMap<>();
        kernels.put("add", () -> Kernels.add(n, a, 0, b, 0, out, 0));
        kernels.put("sub", () -> Kernels.sub(n, a, 0, b, 0, out, 0));
        kernels.put("mul", () -> Kernels.mul(n, a, 0, b, 0, out, 0));
        kernels.put("mulAcc", () -> Kernels.mulAcc(n, a, 0, b, 0, out, 0));
        kernels.put("div", () -> Kernels.div(n, a, 0, b, 0, out, 0));
        kernels.put("divAcc", () -> Kernels.divAcc(n, a, 0, b, 0, out, 0));
        kernels.put("scale", () -> Kernels.scale(n, 0.5, a, 0, out, 0));
        kernels.put("axpy", () -> Kernels.axpy(n, 1e-3, a, 0, out, 0));
        kernels.put("fill", () -> Kernels.fill(n, 0.25, out, 0));
        kernels.put("addScalar", () -> Kernels.addScalar(n, 0.5, a, 0, out, 0));
        kernels.put("addRowVector", () -> Kernels.addRowVector(rows, cols, b, 0, out, 0));
        kernels.put("mulRowVector", () -> Kernels.mulRowVector(rows, cols, a, 0, b, 0, out, 0));
        kernels.put("mulRowVectorAcc", () -> Kernels.mulRowVectorAcc(rows, cols, a, 0, b, 0, out, 0));
        kernels.put("sum", () -> sink[0] += Kernels.sum(n, a, 0));
        kernels.put("dot", () -> sink[0] += Kernels.dot(n, a, 0, b, 0));
        kernels.put("maxAbsDiff", () -> sink[0] += Kernels.maxAbsDiff(n, a, 0, b, 0));
        kernels.put("rowSums", () -> Kernels.rowSums(rows, cols, a, 0, out, 0));
        kernels.put("rowSumsAcc", () -> Kernels.rowSumsAcc(rows, cols, a, 0, out, 0));
        kernels.put("colSumsAcc", () -> Kernels.colSumsAcc(rows, cols, a, 0, out, 0));
        kernels.put("colDotAcc", () -> Kernels.colDotAcc(rows, cols, a, 0, b, 0, out, 0));
        kernels.put("rowMax", () -> Kernels.rowMax(rows, cols, a, 0, out, 0));
        kernels.put("logSumExpRows", () -> Kernels.logSumExpRows(rows, cols, a, 0, out, 0));
        kernels.put("exp", () -> Kernels.exp(n, a, 0, out, 0));
        kernels.put("expm1", () -> Kernels.expm1(n, a, 0, out, 0));
        kernels.put("log", () -> Kernels.log(n, b, 0, out, 0));
        kernels.put("log1p", () -> Kernels.log1p(n, b, 0, out, 0));
        kernels.put("tanh", () -> Kernels.tanh(n, a, 0, out, 0));
        kernels.put("sigmoid", () -> Kernels.sigmoid(n, a, 0, out, 0));
        kernels.put("softplus", () -> Kernels.softplus(n, a, 0, out, 0));
        kernels.put("elu", () -> Kernels.elu(n, a, 0, out, 0));
        kernels.put("relu", () -> Kernels.relu(n, a, 0, out, 0));
        kernels.put("square", () -> Kernels.square(n, a, 0, out, 0));
        kernels.put("tanhBackwardAcc", () -> Kernels.tanhBackwardAcc(n, c, 0, b, 0, out, 0));
        kernels.put("sigmoidBackwardAcc", () -> Kernels.sigmoidBackwardAcc(n, c, 0, b, 0, out, 0));
        kernels.put("softplusBackwardAcc", () -> Kernels.softplusBackwardAcc(n, a, 0, b, 0, out, 0));
        kernels.put("reluBackwardAcc", () -> Kernels.reluBackwardAcc(n, a, 0, b, 0, out, 0));
        kernels.put("eluBackwardAcc", () -> Kernels.eluBackwardAcc(n, a, 0, c, 0, b, 0, out, 0));
        kernels.put("bernoulliLogLikRows", () -> OpKernels.bernoulliLogLikRows(rows, cols, a, 0, c, 0, out, 0));
        kernels.put("bernoulliLogLikBackwardAcc",
                () -> OpKernels.bernoulliLogLikBackwardAcc(rows, cols, a, 0, c, 0, b, 0, out, 0));

        assertNoAllocationOnceWarm(kernels, 2000);
    }

    /**
     * The kernels that split their work among {@link Parallel}'s threads (the Bernoulli
     * log-likelihood and its backward by rows, {@link AdamKernel} by entries, {@link BernoulliFill}
     * by values, {@link OpKernels#zeroRows} by rows), on 2 threads at sizes above their thresholds: the per-thread task objects are
     * reused, so the calling thread allocates nothing either.
     */
    @Test
    void theParallelPathsRunWithoutAllocatingOnceCompiled() {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            int rows = 100, cols = 400, n = rows * cols;
            SplittableRandom rnd = new SplittableRandom(5);
            double[] l = rnd.doubles(n, -8, 8).toArray(), x = rnd.doubles(n, 0, 1).toArray();
            double[] dy = new double[rows], out = new double[rows], dl = new double[n];
            double[] theta = rnd.doubles(n).toArray(), g = rnd.doubles(n).toArray();
            double[] m = new double[n], v = new double[n];
            Map<String, Runnable> kernels = new LinkedHashMap<>();
            kernels.put("bernoulliLogLikRows", () -> OpKernels.bernoulliLogLikRows(rows, cols, l, 0, x, 0, out, 0));
            kernels.put("bernoulliLogLikBackwardAcc",
                    () -> OpKernels.bernoulliLogLikBackwardAcc(rows, cols, l, 0, x, 0, dy, 0, dl, 0));
            kernels.put("AdamKernel.update",
                    () -> AdamKernel.update(n, theta, g, m, v, 0, 0.9, 0.999, 1e-8, 0, 0.1, 0.001, 1e-6));
            Rng rng = new Rng(9);
            double[] bits = new double[n];
            kernels.put("Rng.fillBernoulli", () -> rng.fillBernoulli(x, 0, bits, 0, n));
            kernels.put("zeroRows", () -> OpKernels.zeroRows(rows, cols, bits, 0));
            assertNoAllocationOnceWarm(kernels, 200);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Rounds of {@code calls} calls of each kernel until every one has had an allocation-free
     * round on the calling thread (C2 compiles in the background, seconds on a loaded machine)
     * or the deadline passes.
     */
    private static void assertNoAllocationOnceWarm(Map<String, Runnable> kernels, int calls) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        Map<String, Long> fewest = new LinkedHashMap<>();
        long deadline = System.nanoTime() + 90_000_000_000L;
        List<String> allocating;
        do {
            allocating = new ArrayList<>();
            for (Map.Entry<String, Runnable> k : kernels.entrySet()) {
                Runnable kernel = k.getValue();
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < calls; i++) kernel.run();
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                fewest.merge(k.getKey(), bytes, Math::min);
                if (fewest.get(k.getKey()) > 0) allocating.add(k.getKey() + " " + fewest.get(k.getKey()) / (double) calls + " B/call");
            }
        } while (!allocating.isEmpty() && System.nanoTime() < deadline);
        assertTrue(allocating.isEmpty(), "kernels still allocating once warm (vector width "
                + (VectorSupport.ENABLED ? "vector" : "scalar") + "): " + allocating);
    }
}
