package dev.elbo.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link GemmVector}: {@code kRxV} computes an {@code R × V·L} tile of C,
 * L being the doubles per vector,
 * <pre>
 *   C[r][j] (+)= Σ_p A(r, p) · B(p, j)    r &lt; R, j &lt; V·L, p &lt; kc
 * </pre>
 * as R·V vector accumulators: per p, V vectors of B are loaded, each A(r, p) is broadcast and
 * multiplied into the V accumulators of row r with one fused multiply-add. The tile is read from
 * C first ({@code load}) or starts at +0.0, and written back at the end; so whatever the kernel,
 * each element gets {@code s = fma(A(r,p), B(p,j), s)} for p in order.
 *
 * <p>{@code A(r, p) = a[ai + r·ars + p·acs]} (A in place, any layout); row p of the B panel
 * starts at {@code b[bi + p·bStep]}; row r of the tile at {@code c[ci + r·ldc]}.
 *
 * <p>They are one loop unrolled by hand, all alike: the JIT keeps vector accumulators in
 * registers only when each is its own local variable. The main tiles are 8×3 vectors (AVX-512)
 * and 4×3 (AVX2); the smaller ones cover the edges of C. Vectors are loaded with
 * {@code DoubleVector.fromArray} itself, not through a helper of ours: a large kernel can exhaust
 * C2's inlining budget, and a helper left out of line would box every vector it returns.
 */
final class GemmMicroKernels {
    private GemmMicroKernels() {}

    private static final VectorSpecies<Double> S = GemmVector.SPECIES;
    private static final int L = S.length();
    /** Read instead of C when the product overwrites C: the accumulators start at +0.0. */
    private static final double[] ZEROS = new double[3 * L];


    static void k8x3(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c02 = DoubleVector.fromArray(S, src, si + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        DoubleVector c12 = DoubleVector.fromArray(S, src, si + sld + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * sld + L);
        DoubleVector c22 = DoubleVector.fromArray(S, src, si + 2 * sld + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * sld + L);
        DoubleVector c32 = DoubleVector.fromArray(S, src, si + 3 * sld + 2 * L);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * sld);
        DoubleVector c41 = DoubleVector.fromArray(S, src, si + 4 * sld + L);
        DoubleVector c42 = DoubleVector.fromArray(S, src, si + 4 * sld + 2 * L);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * sld);
        DoubleVector c51 = DoubleVector.fromArray(S, src, si + 5 * sld + L);
        DoubleVector c52 = DoubleVector.fromArray(S, src, si + 5 * sld + 2 * L);
        DoubleVector c60 = DoubleVector.fromArray(S, src, si + 6 * sld);
        DoubleVector c61 = DoubleVector.fromArray(S, src, si + 6 * sld + L);
        DoubleVector c62 = DoubleVector.fromArray(S, src, si + 6 * sld + 2 * L);
        DoubleVector c70 = DoubleVector.fromArray(S, src, si + 7 * sld);
        DoubleVector c71 = DoubleVector.fromArray(S, src, si + 7 * sld + L);
        DoubleVector c72 = DoubleVector.fromArray(S, src, si + 7 * sld + 2 * L);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        int a4 = 4 * ars;
        int a5 = 5 * ars;
        int a6 = 6 * ars;
        int a7 = 7 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32);
            DoubleVector x4 = DoubleVector.broadcast(S, a[ai + a4]);
            c40 = b0.fma(x4, c40); c41 = b1.fma(x4, c41); c42 = b2.fma(x4, c42);
            DoubleVector x5 = DoubleVector.broadcast(S, a[ai + a5]);
            c50 = b0.fma(x5, c50); c51 = b1.fma(x5, c51); c52 = b2.fma(x5, c52);
            DoubleVector x6 = DoubleVector.broadcast(S, a[ai + a6]);
            c60 = b0.fma(x6, c60); c61 = b1.fma(x6, c61); c62 = b2.fma(x6, c62);
            DoubleVector x7 = DoubleVector.broadcast(S, a[ai + a7]);
            c70 = b0.fma(x7, c70); c71 = b1.fma(x7, c71); c72 = b2.fma(x7, c72);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L); c12.intoArray(c, ci + ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L); c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L); c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L); c42.intoArray(c, ci + 4 * ldc + 2 * L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L); c52.intoArray(c, ci + 5 * ldc + 2 * L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + L); c62.intoArray(c, ci + 6 * ldc + 2 * L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + L); c72.intoArray(c, ci + 7 * ldc + 2 * L);
    }

    static void k8x2(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * sld + L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * sld + L);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * sld);
        DoubleVector c41 = DoubleVector.fromArray(S, src, si + 4 * sld + L);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * sld);
        DoubleVector c51 = DoubleVector.fromArray(S, src, si + 5 * sld + L);
        DoubleVector c60 = DoubleVector.fromArray(S, src, si + 6 * sld);
        DoubleVector c61 = DoubleVector.fromArray(S, src, si + 6 * sld + L);
        DoubleVector c70 = DoubleVector.fromArray(S, src, si + 7 * sld);
        DoubleVector c71 = DoubleVector.fromArray(S, src, si + 7 * sld + L);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        int a4 = 4 * ars;
        int a5 = 5 * ars;
        int a6 = 6 * ars;
        int a7 = 7 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31);
            DoubleVector x4 = DoubleVector.broadcast(S, a[ai + a4]);
            c40 = b0.fma(x4, c40); c41 = b1.fma(x4, c41);
            DoubleVector x5 = DoubleVector.broadcast(S, a[ai + a5]);
            c50 = b0.fma(x5, c50); c51 = b1.fma(x5, c51);
            DoubleVector x6 = DoubleVector.broadcast(S, a[ai + a6]);
            c60 = b0.fma(x6, c60); c61 = b1.fma(x6, c61);
            DoubleVector x7 = DoubleVector.broadcast(S, a[ai + a7]);
            c70 = b0.fma(x7, c70); c71 = b1.fma(x7, c71);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + L);
    }

    static void k8x1(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        DoubleVector c40 = DoubleVector.fromArray(S, src, si + 4 * sld);
        DoubleVector c50 = DoubleVector.fromArray(S, src, si + 5 * sld);
        DoubleVector c60 = DoubleVector.fromArray(S, src, si + 6 * sld);
        DoubleVector c70 = DoubleVector.fromArray(S, src, si + 7 * sld);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        int a4 = 4 * ars;
        int a5 = 5 * ars;
        int a6 = 6 * ars;
        int a7 = 7 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30);
            DoubleVector x4 = DoubleVector.broadcast(S, a[ai + a4]);
            c40 = b0.fma(x4, c40);
            DoubleVector x5 = DoubleVector.broadcast(S, a[ai + a5]);
            c50 = b0.fma(x5, c50);
            DoubleVector x6 = DoubleVector.broadcast(S, a[ai + a6]);
            c60 = b0.fma(x6, c60);
            DoubleVector x7 = DoubleVector.broadcast(S, a[ai + a7]);
            c70 = b0.fma(x7, c70);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
        c40.intoArray(c, ci + 4 * ldc);
        c50.intoArray(c, ci + 5 * ldc);
        c60.intoArray(c, ci + 6 * ldc);
        c70.intoArray(c, ci + 7 * ldc);
    }

    static void k4x3(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c02 = DoubleVector.fromArray(S, src, si + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        DoubleVector c12 = DoubleVector.fromArray(S, src, si + sld + 2 * L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * sld + L);
        DoubleVector c22 = DoubleVector.fromArray(S, src, si + 2 * sld + 2 * L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * sld + L);
        DoubleVector c32 = DoubleVector.fromArray(S, src, si + 3 * sld + 2 * L);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L); c12.intoArray(c, ci + ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L); c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L); c32.intoArray(c, ci + 3 * ldc + 2 * L);
    }

    static void k4x2(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(S, src, si + 2 * sld + L);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(S, src, si + 3 * sld + L);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
    }

    static void k4x1(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c20 = DoubleVector.fromArray(S, src, si + 2 * sld);
        DoubleVector c30 = DoubleVector.fromArray(S, src, si + 3 * sld);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x2, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x3, c30);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
    }

    static void k2x3(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c02 = DoubleVector.fromArray(S, src, si + 2 * L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        DoubleVector c12 = DoubleVector.fromArray(S, src, si + sld + 2 * L);
        int a1 = ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L); c12.intoArray(c, ci + ldc + 2 * L);
    }

    static void k2x2(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        DoubleVector c11 = DoubleVector.fromArray(S, src, si + sld + L);
        int a1 = ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
    }

    static void k2x1(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0, sld = load ? ldc : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        DoubleVector c10 = DoubleVector.fromArray(S, src, si + sld);
        int a1 = ars;
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x1, c10);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
    }

    static void k1x3(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        DoubleVector c02 = DoubleVector.fromArray(S, src, si + 2 * L);
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); c02.intoArray(c, ci + 2 * L);
    }

    static void k1x2(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si), c01 = DoubleVector.fromArray(S, src, si + L);
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L);
    }

    static void k1x1(int kc, double[] a, int ai, int ars, int acs, double[] b, int bi, int bStep,
                     double[] c, int ci, int ldc, boolean load) {
        double[] src = load ? c : ZEROS;
        int si = load ? ci : 0;
        DoubleVector c00 = DoubleVector.fromArray(S, src, si);
        for (int p = 0; p < kc; p++, ai += acs, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00);
        }
        c00.intoArray(c, ci);
    }
}
