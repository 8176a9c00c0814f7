package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.GemmCase.Variant;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm} against its definition ({@link GemmReference}, within the rounding bound of a
 * length-k sum) and against its documented contract (one fma chain per element, exactly).
 */
class GemmTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** Depths for the sweep over all small m, n: tiny, around vector and tile widths, a few larger. */
    private static final int[] SWEEP_DEPTHS = {1, 2, 3, 5, 7, 8, 9, 16, 17, 24, 25, 31, 64, 100};

    static IntStream rowCounts() {
        return IntStream.rangeClosed(1, 70);
    }

    /** Every m, n in 1..70 (all edge tiles of every micro-tile shape), each variant, seeded k and accumulate. */
    @ParameterizedTest(name = "m={0}")
    @MethodSource("rowCounts")
    void matchesReferenceOnEverySmallShape(int m) {
        for (int n = 1; n <= 70; n++) {
            long seed = 1000L * m + n;
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = SWEEP_DEPTHS[rnd.nextInt(SWEEP_DEPTHS.length)];
            boolean accumulate = rnd.nextBoolean();
            for (Variant v : Variant.values()) {
                check(new GemmCase(seed, v, m, n, k, accumulate));
            }
        }
    }

    /** Sizes around the cache blocks and tile widths, with both settings of accumulate. */
    static Stream<GemmCase> blockBoundaryCases() {
        // 256 and 512: B's rows (mul, mulTransA) or A's columns (mulTransA) are then copied, not read in place.
        int[] sizes = {1, 3, 4, 5, 6, 7, 8, 9, 12, 16, 23, 24, 25, 47, 49, 239, 240, 241, 256, 300, 512};
        int[] depths = {1, 20, 255, 256, 257, 300, 511, 513, 600};
        return LongStream.range(0, 80).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int m = sizes[rnd.nextInt(sizes.length)];
            int n = sizes[rnd.nextInt(sizes.length)];
            int k = depths[rnd.nextInt(depths.length)];
            if ((long) m * n * k > 6_000_000) {
                m = 1 + rnd.nextInt(40); // keep each case quick
            }
            return new GemmCase(seed, Variant.values()[(int) (seed % 3)], m, n, k, rnd.nextBoolean());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockBoundaryCases")
    void matchesReferenceAcrossBlockBoundaries(GemmCase cs) {
        check(cs);
    }

    private static void check(GemmCase cs) {
        double[] a0 = cs.a.clone();
        double[] b0 = cs.b.clone();
        double[] got = cs.run(cs.variant.gemm);
        assertTrue(cs.inputsUnchanged(a0, b0), () -> cs + ": an input array changed");
        double[] reference = cs.run(cs.variant.reference);
        assertNull(cs.compare(reference, got, cs.errorBound()), "against GemmReference");
        if (VectorSupport.ENABLED) {
            assertNull(cs.compare(cs.fmaChain(), got, null), "against the fma chain");
        }
    }

    /** Shapes above the parallel threshold, split by rows and by columns: same bits for 1–4 threads. */
    static Stream<GemmCase> parallelCases() {
        return LongStream.range(0, 24).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(100 + seed);
            int m = seed % 4 == 0 ? 1 + rnd.nextInt(12) : 20 + rnd.nextInt(300);
            int n = seed % 4 == 1 ? 1 + rnd.nextInt(12) : 20 + rnd.nextInt(300);
            int k = 30 + rnd.nextInt(600);
            return new GemmCase(seed, Variant.values()[(int) (seed % 3)], m, n, k, rnd.nextBoolean());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parallelCases")
    void sameBitsForAnyThreadCount(GemmCase cs) {
        Parallel.setThreads(1);
        double[] one = cs.run(cs.variant.gemm);
        for (int t = 2; t <= 4; t++) {
            Parallel.setThreads(t);
            double[] many = cs.run(cs.variant.gemm);
            assertNull(cs.compare(one, many, null), "threads=" + t + " against threads=1");
        }
        if (VectorSupport.ENABLED) {
            assertNull(cs.compare(cs.fmaChain(), one, null), "against the fma chain");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void knownSmallProduct(Variant v) {
        // A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12], A·B = [58 64; 139 154].
        double[] a = v == Variant.TRANS_A ? new double[] {1, 4, 2, 5, 3, 6} : new double[] {1, 2, 3, 4, 5, 6};
        double[] b = v == Variant.TRANS_B ? new double[] {7, 9, 11, 8, 10, 12} : new double[] {7, 8, 9, 10, 11, 12};
        double[] c = {-1, -1, -1, -1, -1, -1};
        v.gemm.apply(2, 2, 3, a, 0, b, 0, c, 1, false);
        assertArrayEquals(new double[] {-1, 58, 64, 139, 154, -1}, c);
        v.gemm.apply(2, 2, 3, a, 0, b, 0, c, 1, true);
        assertArrayEquals(new double[] {-1, 116, 128, 278, 308, -1}, c);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void emptyDepthZeroesOrKeepsC(Variant v) {
        double[] c = {5, 6, 7, 8};
        v.gemm.apply(1, 2, 0, new double[0], 0, new double[0], 0, c, 1, true);
        assertArrayEquals(new double[] {5, 6, 7, 8}, c);
        v.gemm.apply(1, 2, 0, new double[0], 0, new double[0], 0, c, 1, false);
        assertArrayEquals(new double[] {5, 0, 0, 8}, c);
        v.gemm.apply(0, 2, 3, new double[0], 0, new double[6], 0, c, 0, false);
        assertArrayEquals(new double[] {5, 0, 0, 8}, c);
    }

    /** An infinity in row i of A (column j of B) spoils row i (column j) of C only, also through padding. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void nonFiniteValuesStayInTheirRowAndColumn(Variant v) {
        int m = 13, n = 29, k = 11;
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        java.util.Arrays.fill(a, 1.0);
        java.util.Arrays.fill(b, 1.0);
        int badRow = 12;
        int badCol = 28;
        a[v == Variant.TRANS_A ? 4 * m + badRow : badRow * k + 4] = Double.POSITIVE_INFINITY;
        b[v == Variant.TRANS_B ? badCol * k + 6 : 6 * n + badCol] = Double.NaN;
        double[] c = new double[m * n];
        v.gemm.apply(m, n, k, a, 0, b, 0, c, 0, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = j == badCol ? Double.NaN : i == badRow ? Double.POSITIVE_INFINITY : k;
                assertEquals(expected, c[i * n + j], "C[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void rejectsArraysTooShortNamingOpAndShapes() {
        double[] a = new double[6];
        double[] b = new double[6];
        double[] c = new double[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.mul(2, 2, 4, a, 0, b, 0, c, 0, false));
        assertTrue(e.getMessage().contains("Gemm.mul") && e.getMessage().contains("A[2×4]")
                && e.getMessage().contains("length 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.mulTransB(2, 3, 2, a, 0, b, 1, c, 0, false));
        assertTrue(e.getMessage().contains("Gemm.mulTransB") && e.getMessage().contains("B (stored transposed)[3×2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.mulTransA(2, 2, 3, a, 0, b, 0, c, 1, false));
        assertTrue(e.getMessage().contains("Gemm.mulTransA") && e.getMessage().contains("C[2×2] at offset 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.mul(-1, 2, 2, a, 0, b, 0, c, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.mul(1, 2, 2, a, -1, b, 0, c, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.mul(1, 2, 2, null, 0, b, 0, c, 0, false));
    }

    @Test
    void rejectsCOverlappingAnInput() {
        double[] x = new double[20];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.mul(2, 2, 2, x, 0, x, 4, x, 6, false));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
        Gemm.mul(2, 2, 2, x, 0, x, 4, x, 8, false); // adjacent regions are fine
    }
}
