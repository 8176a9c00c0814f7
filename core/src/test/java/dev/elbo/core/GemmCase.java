package dev.elbo.core;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One seeded random product for the Gemm tests: the variant, the sizes, random offsets, random
 * inputs, and C's array with random values around C's region (which must stay untouched).
 * {@link #toString()} names the seed and the shape, for failure messages.
 */
final class GemmCase {

    /** The signature the three variants share. */
    @FunctionalInterface
    interface Product {
        void apply(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                   boolean accumulate);
    }

    /** A variant: how A and B are stored, and its implementations. */
    enum Variant {
        MUL(Gemm::mul, GemmReference::mul, GemmScalar::mul),
        TRANS_B(Gemm::mulTransB, GemmReference::mulTransB, GemmScalar::mulTransB),
        TRANS_A(Gemm::mulTransA, GemmReference::mulTransA, GemmScalar::mulTransA);

        final Product gemm;
        final Product reference;
        final Product scalar;

        Variant(Product gemm, Product reference, Product scalar) {
            this.gemm = gemm;
            this.reference = reference;
            this.scalar = scalar;
        }

        /** A(i, p) as this variant stores A. */
        double a(double[] a, int aOff, int m, int k, int i, int p) {
            return this == TRANS_A ? a[aOff + p * m + i] : a[aOff + i * k + p];
        }

        /** B(p, j) as this variant stores B. */
        double b(double[] b, int bOff, int n, int k, int p, int j) {
            return this == TRANS_B ? b[bOff + j * k + p] : b[bOff + p * n + j];
        }
    }

    final long seed;
    final Variant variant;
    final int m, n, k, aOff, bOff, cOff;
    final boolean accumulate;
    final double[] a, b, c;
    /** C's array before the call. */
    final double[] c0;

    GemmCase(long seed, Variant variant, int m, int n, int k, boolean accumulate) {
        this.seed = seed;
        this.variant = variant;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        SplittableRandom rnd = new SplittableRandom(seed);
        aOff = rnd.nextInt(5);
        bOff = rnd.nextInt(5);
        cOff = rnd.nextInt(5);
        a = random(rnd, aOff + m * k + rnd.nextInt(4));
        b = random(rnd, bOff + k * n + rnd.nextInt(4));
        c0 = random(rnd, cOff + m * n + rnd.nextInt(4));
        c = c0.clone();
    }

    private static double[] random(SplittableRandom rnd, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextDouble(-1.0, 1.0);
        }
        return x;
    }

    /** Runs {@code product} on this case's arrays (C starts from {@link #c0} each time). */
    double[] run(Product product) {
        System.arraycopy(c0, 0, c, 0, c.length);
        product.apply(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        return c.clone();
    }

    /**
     * The documented result of the vector path: per element one chain {@code s = fma(a, b, s)}
     * over increasing p, from C's old value or +0.0; elements outside C's region keep their value.
     */
    double[] fmaChain() {
        double[] out = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c0[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(variant.a(a, aOff, m, k, i, p), variant.b(b, bOff, n, k, p, j), s);
                }
                out[cOff + i * n + j] = s;
            }
        }
        return out;
    }

    /**
     * A bound on the rounding error of any summation order: (k + 1)·u·(|C| + Σ|a·b|), doubled,
     * per element of C (the standard bound for a dot product of length k).
     */
    double[] errorBound() {
        double[] bound = new double[c0.length];
        double u = Math.ulp(1.0) / 2;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? Math.abs(c0[cOff + i * n + j]) : 0.0;
                for (int p = 0; p < k; p++) {
                    s += Math.abs(variant.a(a, aOff, m, k, i, p) * variant.b(b, bOff, n, k, p, j));
                }
                bound[cOff + i * n + j] = 2 * (k + 1) * u * s;
            }
        }
        return bound;
    }

    /** Null if {@code got} matches {@code expected} within {@code bound} everywhere, else the first difference. */
    String compare(double[] expected, double[] got, double[] bound) {
        for (int x = 0; x < expected.length; x++) {
            boolean same = Double.doubleToLongBits(expected[x]) == Double.doubleToLongBits(got[x]);
            if (!same && (bound == null || !(Math.abs(expected[x] - got[x]) <= bound[x]))) {
                return this + ": first difference at " + where(x) + ": expected " + expected[x]
                        + " but got " + got[x] + (bound == null ? " (exact)" : " (bound " + bound[x] + ")");
            }
        }
        return null;
    }

    /** Names array index x of C's array: an element (i, j) of C, or a guard cell around it. */
    String where(int x) {
        int r = x - cOff;
        if (r < 0 || r >= m * n) {
            return "index " + x + " outside C's region [" + cOff + ", " + (cOff + m * n) + ")";
        }
        return "C[" + r / n + "][" + r % n + "]";
    }

    boolean inputsUnchanged(double[] a0, double[] b0) {
        return Arrays.equals(a, a0) && Arrays.equals(b, b0);
    }

    @Override
    public String toString() {
        return "seed=" + seed + " " + variant + " m=" + m + " n=" + n + " k=" + k
                + " accumulate=" + accumulate + " offsets(a,b,c)=(" + aOff + "," + bOff + "," + cOff + ")";
    }
}
