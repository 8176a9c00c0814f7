package dev.elbo.core;

import java.util.Random;

/** Random test inputs over wide ranges, with the IEEE edge cases mixed in. */
final class TestValues {
    private TestValues() {}

    static final double[] SPECIALS = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, -Double.MIN_NORMAL, 0x1p-1060, 1.0, -1.0, 0.5, 1e300, -1e300,
    };

    /** Signed magnitude 10^e, e uniform in [minExp, maxExp]. */
    static double logUniform(Random rnd, double minExp, double maxExp) {
        double mag = Math.pow(10, minExp + (maxExp - minExp) * rnd.nextDouble());
        return rnd.nextBoolean() ? mag : -mag;
    }

    /** Anything: one in eight draws is an IEEE special, the rest span 1e-320 … 1e308 with sign. */
    static double wide(Random rnd) {
        if (rnd.nextInt(8) == 0) return SPECIALS[rnd.nextInt(SPECIALS.length)];
        return switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextGaussian();
            case 1 -> logUniform(rnd, -5, 5);
            default -> logUniform(rnd, -320, 308);
        };
    }

    /** Finite values of moderate size (no overflow in sums and products). */
    static double moderate(Random rnd) {
        return rnd.nextInt(3) == 0 ? logUniform(rnd, -30, 30) : rnd.nextGaussian() * 10;
    }

    static double[] array(Random rnd, int length, java.util.function.ToDoubleFunction<Random> gen) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) a[i] = gen.applyAsDouble(rnd);
        return a;
    }

    /** Index of the first element whose bits differ (NaNs of any payload count as equal), or −1. */
    static int firstBitDifference(double[] expected, double[] actual) {
        if (expected.length != actual.length) return 0;
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) return i;
        }
        return -1;
    }
}
