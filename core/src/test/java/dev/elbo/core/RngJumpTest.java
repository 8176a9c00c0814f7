package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jumping ahead in the xoshiro256 stream ({@link RngJump}) against stepping, against the
 * generator authors' published jump of 2^128 steps, and the parallel {@link Rng#fillBernoulli}
 * ({@link BernoulliFill}) against one thread drawing in order.
 */
class RngJumpTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static long[] core(Rng r) {
        return Arrays.copyOf(r.state(), 4);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void stepIsTheGeneratorsStateUpdate(long seed) {
        Rng r = new Rng(seed);
        long[] s = core(r);
        for (int i = 0; i < 100; i++) {
            r.nextLong();
            RngJump.step(s);
            assertArrayEquals(core(r), s, "seed=" + seed + " after " + (i + 1) + " steps");
        }
    }

    /** Cayley–Hamilton: P(T)·s = 0 for the polynomial found by Berlekamp–Massey. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void polynomialAnnihilatesTheStateUpdate(long seed) {
        long[] s = core(new Rng(seed));
        long[] sum = new long[4];
        for (int i = 0; i <= 256; i++) {
            boolean coefficient = i == 256 || (RngJump.POLYNOMIAL[i >>> 6] >>> (i & 63) & 1) != 0;
            if (coefficient) {
                for (int w = 0; w < 4; w++) {
                    sum[w] ^= s[w];
                }
            }
            RngJump.step(s);
        }
        assertArrayEquals(new long[4], sum, "seed=" + seed + ": P(T)·s");
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 8).map(k -> 31 * k + 7).boxed();
    }

    record Jump(long seed, long steps) {
        @Override
        public String toString() {
            return "seed=" + seed + " steps=" + steps;
        }
    }

    /** Small and boundary distances, and random ones up to 300,000 steps. */
    static Stream<Jump> jumps() {
        long[] fixed = {0, 1, 2, 63, 64, 65, 255, 256, 257, 1000, 78_400};
        Stream<Jump> edges = LongStream.range(0, fixed.length).mapToObj(i -> new Jump(100 + i, fixed[(int) i]));
        Stream<Jump> random = LongStream.range(0, 12).mapToObj(k -> {
            SplittableRandom rnd = new SplittableRandom(500 + k);
            return new Jump(rnd.nextLong(), rnd.nextLong(300_000));
        });
        return Stream.concat(edges, random);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jumps")
    void jumpEqualsStepping(Jump j) {
        Rng r = new Rng(j.seed());
        long[] s = core(r);
        RngJump.apply(RngJump.power(j.steps()), s);
        for (long i = 0; i < j.steps(); i++) {
            r.nextLong();
        }
        assertArrayEquals(core(r), s, j.toString());
    }

    /** Distances far beyond stepping: jumping a, then b, is jumping a + b. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void jumpsCompose(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long a = rnd.nextLong(1L << 61), b = rnd.nextLong(1L << 61);
        long[] once = core(new Rng(seed)), twice = once.clone();
        RngJump.apply(RngJump.power(a + b), once);
        RngJump.apply(RngJump.power(a), twice);
        RngJump.apply(RngJump.power(b), twice);
        assertArrayEquals(once, twice, "seed=" + seed + " a=" + a + " b=" + b);
    }

    /** x^(2^128) mod P is the JUMP constant of Blackman and Vigna's xoshiro256 code. */
    @Test
    void squaringTo2Pow128GivesThePublishedJump() {
        long[] j = RngJump.power(1L << 62);
        for (int k = 62; k < 128; k++) {
            j = RngJump.multiply(j, j);
        }
        assertArrayEquals(new long[] {0x180ec6d33cfd0abaL, 0xd5a61266f0c9392cL, 0xa9582618e03fc9aaL,
                0x39abdc4529b1661cL}, j);
    }

    @Test
    void negativeDistanceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RngJump.power(-1));
    }

    record Fill(long seed, int n, int offset) {
        @Override
        public String toString() {
            return "seed=" + seed + " n=" + n + " offset=" + offset;
        }
    }

    /** Sizes on both sides of the parallel threshold, odd ones, and a batch of 100 MNIST images. */
    static Stream<Fill> fills() {
        int min = BernoulliFill.PARALLEL_MIN;
        int[] sizes = {1, min - 1, min, min + 1, 3 * min + 7, 78_400, 100_003};
        return LongStream.range(0, sizes.length).mapToObj(i -> new Fill(40 + i, sizes[(int) i], (int) i % 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fills")
    void parallelFillDrawsWhatOneThreadDraws(Fill f) {
        SplittableRandom rnd = new SplittableRandom(f.seed());
        double[] p = new double[f.n() + 5];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 7 == 0 ? (i % 2) : rnd.nextDouble(); // some exact 0s and 1s
        }
        Rng reference = new Rng(f.seed());
        reference.nextNormal(); // keeps a spare normal, which the fill must leave alone
        Rng start = reference.copy();
        double[] expected = new double[f.n() + 3];
        for (int i = 0; i < f.n(); i++) {
            expected[f.offset() + i] = reference.nextDouble() < p[2 + i] ? 1.0 : 0.0;
        }
        for (int threads = 1; threads <= 4; threads++) {
            for (int rep = 0; rep < 2; rep++) { // the second time with the jumps cached
                Parallel.setThreads(threads);
                Rng r = start.copy();
                double[] out = new double[f.n() + 3];
                r.fillBernoulli(p, 2, out, f.offset(), f.n());
                String what = f + " threads=" + threads + " rep=" + rep;
                assertArrayEquals(expected, out, what + ": values");
                assertArrayEquals(reference.state(), r.state(), what + ": final state");
            }
        }
    }

    @Test
    void parallelFillNamesTheFirstInvalidProbability() {
        Parallel.setThreads(2);
        int n = 3 * BernoulliFill.PARALLEL_MIN;
        double[] p = new double[n];
        Arrays.fill(p, 0.5);
        p[n - 5] = 1.5;
        p[n / 2 + 3] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rng(1).fillBernoulli(p, 0, new double[n], 0, n));
        assertTrue(e.getMessage().contains("at index " + (n / 2 + 3)), e.getMessage());
    }
}
