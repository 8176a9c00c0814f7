package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sums, dot products and log-sum-exp, both paths, against exact {@link BigDecimal} values with
 * the bounds stated in {@link Kernels}; and the vector path's determinism (the same values at
 * another offset give the same bits).
 */
class ReductionKernelsTest {
    private static final double U = Exact.U;

    static Stream<Arguments> sizes() {
        return Stream.iterate(1, n -> n <= 70, n -> n + 1).map(n -> Arguments.of(n, 4099L * n));
    }

    /** γ_k·scale as a BigDecimal, γ_k = k·u/(1 − k·u). */
    private static BigDecimal gamma(int k, BigDecimal scale) {
        double g = k * U / (1 - k * U);
        return scale.multiply(new BigDecimal(g));
    }

    /** Finite values spanning 1e-300 … 1e300 in magnitude with mixed signs, or moderate ones. */
    private static double finiteWide(Random rnd) {
        return rnd.nextBoolean() ? TestValues.logUniform(rnd, -300, 300) : TestValues.moderate(rnd);
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("sizes")
    void sumWithinGammaBound(int n, long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 6; trial++) {
            int off = rnd.nextInt(5);
            double[] a = TestValues.array(rnd, off + n + 1, trial % 2 == 0 ? TestValues::moderate : ReductionKernelsTest::finiteWide);
            BigDecimal exact = Exact.sum(n, a, off);
            BigDecimal absSum = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) absSum = absSum.add(Exact.of(Math.abs(a[off + i])));
            BigDecimal bound = gamma(n - 1, absSum);
            for (boolean vector : new boolean[] {true, false}) {
                double s = vector ? VectorKernels.sum(n, a, off) : ScalarKernels.sum(n, a, off);
                BigDecimal err = Exact.of(s).subtract(exact).abs();
                String where = (vector ? "vector" : "scalar") + " sum n=" + n + " seed=" + seed + " trial=" + trial;
                assertTrue(err.compareTo(bound) <= 0, where + ": error " + err.round(MathContext.DECIMAL64) + " > bound " + bound.round(MathContext.DECIMAL64));
            }
            // Deterministic: the same values elsewhere in another array give the same bits.
            double[] moved = new double[n + 7];
            System.arraycopy(a, off, moved, 7, n);
            assertEquals(Double.doubleToLongBits(VectorKernels.sum(n, a, off)), Double.doubleToLongBits(VectorKernels.sum(n, moved, 7)),
                    "vector sum depends on the offset, n=" + n + " seed=" + seed);
        }
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("sizes")
    void dotWithinGammaBound(int n, long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 6; trial++) {
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5);
            // Products stay well inside the normal range: the bound assumes no underflow.
            double[] a = TestValues.array(rnd, aOff + n, r -> TestValues.logUniform(r, -100, 100));
            double[] b = TestValues.array(rnd, bOff + n, TestValues::moderate);
            BigDecimal exact = BigDecimal.ZERO, absSum = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                BigDecimal p = Exact.of(a[aOff + i]).multiply(Exact.of(b[bOff + i]));
                exact = exact.add(p);
                absSum = absSum.add(p.abs());
            }
            BigDecimal bound = gamma(n, absSum);
            for (boolean vector : new boolean[] {true, false}) {
                double s = vector ? VectorKernels.dot(n, a, aOff, b, bOff) : ScalarKernels.dot(n, a, aOff, b, bOff);
                BigDecimal err = Exact.of(s).subtract(exact).abs();
                assertTrue(err.compareTo(bound) <= 0, (vector ? "vector" : "scalar") + " dot n=" + n + " seed=" + seed
                        + " trial=" + trial + ": error " + err.round(MathContext.DECIMAL64) + " > bound " + bound.round(MathContext.DECIMAL64));
            }
        }
    }

    @ParameterizedTest(name = "cols={0} seed={1}")
    @MethodSource("sizes")
    void rowSumsAreRowByRowSums(int cols, long seed) {
        Random rnd = new Random(seed);
        int rows = 1 + rnd.nextInt(5), aOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
        double[] a = TestValues.array(rnd, aOff + rows * cols, TestValues::moderate);
        double[] out = TestValues.array(rnd, outOff + rows + 1, TestValues::moderate);
        double[] sums = out.clone(), acc = out.clone(), sumsS = out.clone(), accS = out.clone();
        VectorKernels.rowSums(rows, cols, a, aOff, sums, outOff);
        VectorKernels.rowSumsAcc(rows, cols, a, aOff, acc, outOff);
        ScalarKernels.rowSums(rows, cols, a, aOff, sumsS, outOff);
        ScalarKernels.rowSumsAcc(rows, cols, a, aOff, accS, outOff);
        for (int r = 0; r < rows; r++) {
            String where = "cols=" + cols + " rows=" + rows + " seed=" + seed + " r=" + r;
            assertEquals(VectorKernels.sum(cols, a, aOff + r * cols), sums[outOff + r], 0.0, where);
            assertEquals(out[outOff + r] + VectorKernels.sum(cols, a, aOff + r * cols), acc[outOff + r], 0.0, where);
            assertEquals(ScalarKernels.sum(cols, a, aOff + r * cols), sumsS[outOff + r], 0.0, where);
            assertEquals(out[outOff + r] + ScalarKernels.sum(cols, a, aOff + r * cols), accS[outOff + r], 0.0, where);
        }
        assertEquals(out[outOff + rows], sums[outOff + rows], 0.0, "wrote past the last row");
    }

    /** m + log Σ exp(a_j − m), exactly (terms below e^-5000 are dropped: far beyond 60 digits). */
    private static BigDecimal exactLogSumExp(int cols, double[] a, int off) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) m = Math.max(m, a[off + j]);
        BigDecimal s = BigDecimal.ZERO;
        for (int j = 0; j < cols; j++) {
            if (a[off + j] == Double.NEGATIVE_INFINITY) continue;
            BigDecimal d = Exact.of(a[off + j]).subtract(Exact.of(m));
            if (d.compareTo(BigDecimal.valueOf(-5000)) < 0) continue;
            s = s.add(Exact.exp(d), Exact.WORK);
        }
        return Exact.of(m).add(Exact.log(s), Exact.WORK);
    }

    private static double lseEntry(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> Double.NEGATIVE_INFINITY;
            case 1 -> TestValues.logUniform(rnd, -300, 300);
            case 2, 3 -> 1e6 + rnd.nextGaussian();
            default -> rnd.nextGaussian() * 30;
        };
    }

    @ParameterizedTest(name = "cols={0} seed={1}")
    @MethodSource("sizes")
    void logSumExpWithinBound(int cols, long seed) {
        Random rnd = new Random(seed);
        int rows = 3, aOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
        double[] a = TestValues.array(rnd, aOff + rows * cols, ReductionKernelsTest::lseEntry);
        a[aOff] = rnd.nextGaussian(); // at least one finite entry in row 0
        double[] outV = new double[outOff + rows], outS = new double[outOff + rows];
        VectorKernels.logSumExpRows(rows, cols, a, aOff, outV, outOff);
        ScalarKernels.logSumExpRows(rows, cols, a, aOff, outS, outOff);
        for (int r = 0; r < rows; r++) {
            String where = "cols=" + cols + " seed=" + seed + " row=" + r;
            boolean allMinusInf = true;
            for (int j = 0; j < cols; j++) allMinusInf &= a[aOff + r * cols + j] == Double.NEGATIVE_INFINITY;
            if (allMinusInf) {
                assertEquals(Double.NEGATIVE_INFINITY, outV[outOff + r], where);
                assertEquals(Double.NEGATIVE_INFINITY, outS[outOff + r], where);
                continue;
            }
            BigDecimal exact = exactLogSumExp(cols, a, aOff + r * cols);
            BigDecimal bound = new BigDecimal((2.0 * cols + 4) * U).add(exact.abs().multiply(new BigDecimal(U)));
            for (boolean vector : new boolean[] {true, false}) {
                double got = vector ? outV[outOff + r] : outS[outOff + r];
                BigDecimal err = Exact.of(got).subtract(exact).abs();
                assertTrue(err.compareTo(bound) <= 0, (vector ? "vector " : "scalar ") + where + ": " + got + " error "
                        + err.round(MathContext.DECIMAL64) + " > bound " + bound.round(MathContext.DECIMAL64));
            }
        }
    }

    @Test
    void logSumExpSpecialRows() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[] a = {
            -inf, -inf, -inf,      // −∞
            1, inf, 3,             // +∞
            1, nan, 3,             // NaN
            -inf, 0, -inf,         // 0 exactly: log e^0
            1e308, 1e308, 1e308,   // no overflow: 1e308 + log 3
        };
        for (boolean vector : new boolean[] {true, false}) {
            double[] out = new double[5];
            if (vector) VectorKernels.logSumExpRows(5, 3, a, 0, out, 0);
            else ScalarKernels.logSumExpRows(5, 3, a, 0, out, 0);
            String path = vector ? "vector" : "scalar";
            assertEquals(Double.NEGATIVE_INFINITY, out[0], path);
            assertEquals(Double.POSITIVE_INFINITY, out[1], path);
            assertTrue(Double.isNaN(out[2]), path);
            assertEquals(0.0, out[3], 0.0, path);
            assertEquals(1e308, out[4], path + " (log 3 is far below one ulp of 1e308)");
        }
        double[] out = {42};
        Kernels.logSumExpRows(1, 0, a, 0, out, 0);
        assertEquals(Double.NEGATIVE_INFINITY, out[0], "an empty row sums to 0, whose log is −∞");
    }
}
