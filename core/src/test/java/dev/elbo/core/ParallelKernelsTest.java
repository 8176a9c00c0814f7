package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Bernoulli log-likelihood and its backward, which split their work by rows among
 * {@link Parallel}'s threads: the same bits for 1 to 4 threads. ({@link AdamKernelTest} does the
 * same for {@link AdamKernel}; {@link KernelAllocationTest} checks that the parallel paths
 * allocate nothing.)
 */
class ParallelKernelsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    record Shape(long seed, int rows, int cols) {
        @Override
        public String toString() {
            return "seed=" + seed + " " + rows + "x" + cols;
        }
    }

    /** Shapes on both sides of the threshold, with odd row counts and widths. */
    static Stream<Shape> shapes() {
        return LongStream.range(0, 16).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(900 + seed);
            int cols = 1 + rnd.nextInt(900);
            int rows = seed % 4 == 0 ? 1 + rnd.nextInt(4)
                    : 2 + rnd.nextInt(3 * OpKernels.PARALLEL_MIN / cols + 2);
            return new Shape(seed, rows, cols);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void bernoulliLogLikelihoodSameBitsForAnyThreadCount(Shape s) {
        SplittableRandom rnd = new SplittableRandom(s.seed());
        int n = s.rows() * s.cols();
        double[] l = rnd.doubles(n + 2, -8, 8).toArray(), x = rnd.doubles(n + 1, 0, 1).toArray();
        double[] dy = rnd.doubles(s.rows() + 3, -1, 1).toArray(), dl0 = rnd.doubles(n + 4, -1, 1).toArray();
        double[][] outs = new double[4][], dls = new double[4][];
        for (int t = 1; t <= 4; t++) {
            Parallel.setThreads(t);
            outs[t - 1] = new double[s.rows() + 5];
            OpKernels.bernoulliLogLikRows(s.rows(), s.cols(), l, 2, x, 1, outs[t - 1], 5);
            dls[t - 1] = dl0.clone();
            OpKernels.bernoulliLogLikBackwardAcc(s.rows(), s.cols(), l, 2, x, 1, dy, 3, dls[t - 1], 4);
        }
        for (int t = 2; t <= 4; t++) {
            assertSameBits(outs[0], outs[t - 1], s + ": bernoulliLogLikRows, threads=" + t + " against 1");
            assertSameBits(dls[0], dls[t - 1], s + ": bernoulliLogLikBackwardAcc, threads=" + t + " against 1");
        }
        assertEquals(0.0, outs[0][4], s + ": wrote before its output range");
    }

    /** zeroRows: +0.0 (not −0.0) over exactly the block, for 1 to 4 threads. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void zeroRowsZeroesExactlyTheBlock(Shape s) {
        SplittableRandom rnd = new SplittableRandom(s.seed());
        int n = s.rows() * s.cols(), off = 3;
        double[] before = rnd.doubles(n + 7, -1, 1).toArray();
        before[off] = -0.0;
        for (int t = 1; t <= 4; t++) {
            Parallel.setThreads(t);
            double[] out = before.clone();
            OpKernels.zeroRows(s.rows(), s.cols(), out, off);
            double[] expected = before.clone();
            Arrays.fill(expected, off, off + n, 0.0);
            assertSameBits(expected, out, s + ": zeroRows, threads=" + t);
        }
    }

    private static void assertSameBits(double[] expected, double[] got, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + ": [" + i + "] = " + got[i] + ", expected " + expected[i]);
            }
        }
    }
}
