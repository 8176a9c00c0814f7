package dev.elbo.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes L × L blocks of doubles in vector registers (L = 8 with 512-bit vectors, 4 with
 * 256-bit ones), for {@link GemmVector}'s copy of a B stored transposed into panels (the product
 * {@code A·Bᵀ}). A scalar transposition moves one double per load and per store; here L rows
 * are loaded as L vectors, transposed in log₂ L rounds of lane exchanges (each a one-input
 * {@code rearrange} and a {@code blend}), and stored as L vectors.
 *
 * <p>The round of distance {@code d} (1, 2, then 4) pairs vector {@code v} with {@code v + d}
 * ({@code v} without bit {@code d}) and swaps the lanes with bit {@code d} set in {@code v} with
 * those without it in {@code v + d}: afterwards vector {@code i} holds lane {@code i} of every
 * input row, the columns of the block. For other vector widths {@link #AVAILABLE} is false.
 */
final class PanelTranspose {
    private PanelTranspose() {}

    private static final VectorSpecies<Double> S = GemmVector.SPECIES;
    /** Doubles per vector, and the size of a block. */
    static final int L = S.length();
    /** Whether the blocks can be used: vectors of 8 or 4 doubles. */
    static final boolean AVAILABLE = L == 8 || L == 4;

    // Per round d: UP moves lane i − d into the lanes with bit d set; DOWN moves lane i + d into
    // the lanes with bit d clear; HIGH selects the lanes with bit d set.
    private static final VectorShuffle<Double> UP1 = up(1), UP2 = up(2), UP4 = up(4);
    private static final VectorShuffle<Double> DOWN1 = down(1), DOWN2 = down(2), DOWN4 = down(4);
    private static final VectorMask<Double> HIGH1 = high(1), HIGH2 = high(2), HIGH4 = high(4);

    private static VectorShuffle<Double> up(int d) {
        return VectorShuffle.fromOp(S, i -> (i & d) != 0 ? i - d : i);
    }

    private static VectorShuffle<Double> down(int d) {
        return VectorShuffle.fromOp(S, i -> (i & d) == 0 ? i + d : i);
    }

    private static VectorMask<Double> high(int d) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (i & d) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * The panel copy of {@code GemmVector.packColumnsScalar}, with the same result: columns
     * {@code 0 … cols−1} of the panel at {@code dst[d]} (rows {@code w} apart) are the
     * {@code kc} contiguous values of B's columns {@code src + j·bcs}, and columns
     * {@code cols … w−1} are zeros. Whole L × L blocks go through registers; the depth's last
     * {@code kc mod L} rows and the columns after the last whole L are copied one at a time.
     */
    static void packColumns(int kc, int cols, int w, double[] b, int src, int bcs, double[] dst, int d) {
        int j = 0;
        for (; j + L <= cols; j += L) {
            int blocks = kc / L;
            if (L == 8) {
                blocks8(blocks, b, src + j * bcs, bcs, dst, d + j, w);
            } else {
                blocks4(blocks, b, src + j * bcs, bcs, dst, d + j, w);
            }
            int p = blocks * L;
            for (; p < kc; p++) {
                for (int q = 0, s = src + j * bcs + p; q < L; q++, s += bcs) {
                    dst[d + p * w + j + q] = b[s];
                }
            }
        }
        for (; j < w; j++) { // the columns after the last whole L, then the zero padding
            boolean real = j < cols;
            for (int p = 0, s = src + j * bcs; p < kc; p++) {
                dst[d + p * w + j] = real ? b[s + p] : 0.0;
            }
        }
    }

    /**
     * {@code dst[o + q·ldd + r] = src[s + r·lds + q]} for {@code r = 0 … 7} and
     * {@code q = 0 … 8·count − 1}: {@code count} 8 × 8 blocks one after the other along the
     * depth, whose rows start {@code lds} apart at {@code s0}, written transposed with rows
     * {@code ldd} apart from {@code o0}. The loop over the blocks is here, not in the caller:
     * this method is too large to be inlined, and called once per block it set up its shuffles
     * and masks every time; in one loop the JIT keeps them in registers. The 50 × 200 B of the
     * IWAE model's 100×50×200 product, alone: 2.0–2.1 µs on JDK 25 against 2.6–2.7 with a call
     * per block; on JDK 17 no change (it still checks every shuffle and rebuilds every mask).
     */
    static void blocks8(int count, double[] src, int s0, int lds, double[] dst, int o0, int ldd) {
        for (int q = 0; q < count; q++) {
            int s = s0 + q * 8, o = o0 + q * 8 * ldd;
            DoubleVector x0 = DoubleVector.fromArray(S, src, s);
            DoubleVector x1 = DoubleVector.fromArray(S, src, s + lds);
            DoubleVector x2 = DoubleVector.fromArray(S, src, s + 2 * lds);
            DoubleVector x3 = DoubleVector.fromArray(S, src, s + 3 * lds);
            DoubleVector x4 = DoubleVector.fromArray(S, src, s + 4 * lds);
            DoubleVector x5 = DoubleVector.fromArray(S, src, s + 5 * lds);
            DoubleVector x6 = DoubleVector.fromArray(S, src, s + 6 * lds);
            DoubleVector x7 = DoubleVector.fromArray(S, src, s + 7 * lds);
            // distance 1: pairs (0,1) (2,3) (4,5) (6,7)
            DoubleVector y0 = x0.blend(x1.rearrange(UP1), HIGH1);
            DoubleVector y1 = x0.rearrange(DOWN1).blend(x1, HIGH1);
            DoubleVector y2 = x2.blend(x3.rearrange(UP1), HIGH1);
            DoubleVector y3 = x2.rearrange(DOWN1).blend(x3, HIGH1);
            DoubleVector y4 = x4.blend(x5.rearrange(UP1), HIGH1);
            DoubleVector y5 = x4.rearrange(DOWN1).blend(x5, HIGH1);
            DoubleVector y6 = x6.blend(x7.rearrange(UP1), HIGH1);
            DoubleVector y7 = x6.rearrange(DOWN1).blend(x7, HIGH1);
            // distance 2: pairs (0,2) (1,3) (4,6) (5,7)
            DoubleVector z0 = y0.blend(y2.rearrange(UP2), HIGH2);
            DoubleVector z2 = y0.rearrange(DOWN2).blend(y2, HIGH2);
            DoubleVector z1 = y1.blend(y3.rearrange(UP2), HIGH2);
            DoubleVector z3 = y1.rearrange(DOWN2).blend(y3, HIGH2);
            DoubleVector z4 = y4.blend(y6.rearrange(UP2), HIGH2);
            DoubleVector z6 = y4.rearrange(DOWN2).blend(y6, HIGH2);
            DoubleVector z5 = y5.blend(y7.rearrange(UP2), HIGH2);
            DoubleVector z7 = y5.rearrange(DOWN2).blend(y7, HIGH2);
            // distance 4: pairs (0,4) (1,5) (2,6) (3,7), stored as the columns 0 … 7
            z0.blend(z4.rearrange(UP4), HIGH4).intoArray(dst, o);
            z1.blend(z5.rearrange(UP4), HIGH4).intoArray(dst, o + ldd);
            z2.blend(z6.rearrange(UP4), HIGH4).intoArray(dst, o + 2 * ldd);
            z3.blend(z7.rearrange(UP4), HIGH4).intoArray(dst, o + 3 * ldd);
            z0.rearrange(DOWN4).blend(z4, HIGH4).intoArray(dst, o + 4 * ldd);
            z1.rearrange(DOWN4).blend(z5, HIGH4).intoArray(dst, o + 5 * ldd);
            z2.rearrange(DOWN4).blend(z6, HIGH4).intoArray(dst, o + 6 * ldd);
            z3.rearrange(DOWN4).blend(z7, HIGH4).intoArray(dst, o + 7 * ldd);
        }
    }

    /** {@link #blocks8} for vectors of 4 doubles: 4 × 4 blocks, two rounds. */
    static void blocks4(int count, double[] src, int s0, int lds, double[] dst, int o0, int ldd) {
        for (int q = 0; q < count; q++) {
            int s = s0 + q * 4, o = o0 + q * 4 * ldd;
            DoubleVector x0 = DoubleVector.fromArray(S, src, s);
            DoubleVector x1 = DoubleVector.fromArray(S, src, s + lds);
            DoubleVector x2 = DoubleVector.fromArray(S, src, s + 2 * lds);
            DoubleVector x3 = DoubleVector.fromArray(S, src, s + 3 * lds);
            DoubleVector y0 = x0.blend(x1.rearrange(UP1), HIGH1);
            DoubleVector y1 = x0.rearrange(DOWN1).blend(x1, HIGH1);
            DoubleVector y2 = x2.blend(x3.rearrange(UP1), HIGH1);
            DoubleVector y3 = x2.rearrange(DOWN1).blend(x3, HIGH1);
            y0.blend(y2.rearrange(UP2), HIGH2).intoArray(dst, o);
            y1.blend(y3.rearrange(UP2), HIGH2).intoArray(dst, o + ldd);
            y0.rearrange(DOWN2).blend(y2, HIGH2).intoArray(dst, o + 2 * ldd);
            y1.rearrange(DOWN2).blend(y3, HIGH2).intoArray(dst, o + 3 * ldd);
        }
    }
}
