package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AdamKernel#update} against its scalar definition, bit for bit: sizes with every tail
 * and above the parallel threshold, offsets, 1 to 3 threads, and hyper-parameters of every
 * kind (weight decay or none, early steps with small bias corrections).
 */
class AdamKernelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    record Case(long seed, int n, int off, int threads) {
        @Override
        public String toString() {
            return "seed=" + seed + " n=" + n + " off=" + off + " threads=" + threads;
        }
    }

    static Stream<Case> cases() {
        return LongStream.range(0, 40).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(700 + seed);
            int n = seed < 20 ? 1 + (int) seed * 3 : AdamKernel.PARALLEL_MIN + rnd.nextInt(3 * AdamKernel.PARALLEL_MIN);
            return new Case(seed, n, rnd.nextInt(5), 1 + (int) (seed % 3));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameBitsAsTheScalarDefinition(Case cs) {
        SplittableRandom rnd = new SplittableRandom(cs.seed());
        int len = cs.off() + cs.n() + 3; // entries past the range must stay as they are
        double[] theta = values(rnd, len), g = values(rnd, len), m = values(rnd, len), v = values(rnd, len);
        for (int i = 0; i < len; i++) {
            v[i] = Math.abs(v[i]); // a second moment is never negative
        }
        double beta1 = rnd.nextDouble(0, 0.99), beta2 = rnd.nextDouble(0.9, 0.9999);
        double eps = Math.pow(10, -rnd.nextInt(4, 12)), wd = rnd.nextBoolean() ? 0 : rnd.nextDouble(0, 0.1);
        int t = 1 + rnd.nextInt(1000);
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t), lr = rnd.nextDouble(1e-5, 1e-1);

        double[] theta0 = theta.clone(), m0 = m.clone(), v0 = v.clone();
        AdamKernel.scalar(cs.off(), cs.off() + cs.n(), theta0, g, m0, v0, beta1, beta2, eps, wd, c1, c2, lr);
        Parallel.setThreads(cs.threads());
        AdamKernel.update(cs.n(), theta, g, m, v, cs.off(), beta1, beta2, eps, wd, c1, c2, lr);
        assertSameBits(theta0, theta, "theta", cs);
        assertSameBits(m0, m, "m", cs);
        assertSameBits(v0, v, "v", cs);
    }

    @Test
    void theUpdateMovesAgainstTheGradient() {
        // t = 1: m̂ = g and v̂ = g², so each entry moves by −η·g/(|g| + ε) ≈ −η·sign(g).
        double[] theta = {1, 1}, g = {0.5, -2}, m = new double[2], v = new double[2];
        AdamKernel.update(2, theta, g, m, v, 0, 0.9, 0.999, 1e-8, 0, 1 - 0.9, 1 - 0.999, 0.01);
        assertEquals(0.99, theta[0], 1e-9);
        assertEquals(1.01, theta[1], 1e-9);
    }

    @Test
    void aShortArrayIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdamKernel.update(
                4, new double[4], new double[4], new double[3], new double[4], 0, 0.9, 0.999, 1e-8, 0, 0.1, 0.001, 0.01));
        assertTrue(e.getMessage().contains("m holds 3 entries, expected entries [0, 4)"), e.getMessage());
    }

    private static double[] values(SplittableRandom rnd, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            int kind = rnd.nextInt(20);
            x[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? rnd.nextDouble(-1e-300, 1e-300)
                    : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-6, 3));
        }
        return x;
    }

    private static void assertSameBits(double[] expected, double[] got, String name, Case cs) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(cs + ": " + name + "[" + i + "] = " + got[i] + ", the scalar definition gives "
                        + expected[i]);
            }
        }
    }
}
