package dev.elbo.core;

import java.util.Arrays;

/**
 * Dense matrix products on flat row-major {@code double[]} arrays: the three products a dense
 * layer needs (forward {@code Y = X·W}, backward {@code dX = dY·Wᵀ} and {@code dW = Xᵀ·dY}).
 *
 * <p>Sizes are those of C: {@code m × n}, with inner dimension {@code k}. Each matrix is
 * contiguous (leading dimension = its column count) and starts at its offset. With
 * {@code accumulate} the product is added to C, otherwise C is overwritten. C must not
 * overlap A or B. Elements of the arrays outside the three regions are never touched.
 *
 * <p>Each element is computed as one chain of fused multiply-adds in increasing {@code p}:
 * {@code s = C[i][j]} (or {@code +0.0}), then {@code s = fma(A[i][p], B[p][j], s)} for
 * {@code p = 0 … k−1}. The blocking, the tile that holds the element and the thread count do not
 * change that chain, so the result is the same bit for bit whatever {@link Parallel#threads()}
 * is. (Without the Vector API the chain uses a multiply and an add instead, exactly as
 * {@link GemmReference}.)
 *
 * <p>Products big enough to be worth it run on {@link Parallel}'s threads. Nothing is allocated
 * per call once each thread has made its first call (packing buffers are kept per thread).
 */
public final class Gemm {
    private Gemm() {}

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void mul(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff, boolean accumulate) {
        check("mul", m, n, k, a, aOff, "A", m, k, b, bOff, "B", k, n, c, cOff);
        if (trivial(m, n, k, c, cOff, accumulate)) {
            return;
        }
        if (VectorSupport.ENABLED) {
            GemmVector.mul(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            GemmScalar.mul(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /** C[m×n] (+)= A[m×k] · Bᵀ, where B is stored n×k. */
    public static void mulTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        check("mulTransB", m, n, k, a, aOff, "A", m, k, b, bOff, "B (stored transposed)", n, k, c, cOff);
        if (trivial(m, n, k, c, cOff, accumulate)) {
            return;
        }
        if (VectorSupport.ENABLED) {
            GemmVector.mulTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            GemmScalar.mulTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /** C[m×n] (+)= Aᵀ · B, where A is stored k×m and B is k×n. */
    public static void mulTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        check("mulTransA", m, n, k, a, aOff, "A (stored transposed)", k, m, b, bOff, "B", k, n, c, cOff);
        if (trivial(m, n, k, c, cOff, accumulate)) {
            return;
        }
        if (VectorSupport.ENABLED) {
            GemmVector.mulTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        } else {
            GemmScalar.mulTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /** Handles the empty cases; true when nothing is left to do. */
    private static boolean trivial(int m, int n, int k, double[] c, int cOff, boolean accumulate) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, cOff, cOff + m * n, 0.0);
            }
            return true;
        }
        return false;
    }

    private static void check(String op, int m, int n, int k,
                              double[] a, int aOff, String aName, int aRows, int aCols,
                              double[] b, int bOff, String bName, int bRows, int bCols,
                              double[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "Gemm." + op + ": negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        fits(op, m, n, k, aName, a, aOff, aRows, aCols);
        fits(op, m, n, k, bName, b, bOff, bRows, bCols);
        fits(op, m, n, k, "C", c, cOff, m, n);
        if (overlaps(c, cOff, (long) m * n, a, aOff, (long) aRows * aCols)
                || overlaps(c, cOff, (long) m * n, b, bOff, (long) bRows * bCols)) {
            throw new IllegalArgumentException("Gemm." + op + " (m=" + m + ", n=" + n + ", k=" + k
                    + "): C[" + m + "×" + n + "] at offset " + cOff + " overlaps an input in the same array");
        }
    }

    private static void fits(String op, int m, int n, int k, String name, double[] x, int off, int rows, int cols) {
        if (x == null) {
            throw new IllegalArgumentException("Gemm." + op + " (m=" + m + ", n=" + n + ", k=" + k + "): "
                    + name + " is null");
        }
        long size = (long) rows * cols;
        if (off < 0 || off + size > x.length) {
            throw new IllegalArgumentException("Gemm." + op + " (m=" + m + ", n=" + n + ", k=" + k + "): "
                    + name + "[" + rows + "×" + cols + "] at offset " + off
                    + " does not fit in an array of length " + x.length);
        }
    }

    private static boolean overlaps(double[] c, int cOff, long cSize, double[] x, int xOff, long xSize) {
        return c == x && cSize > 0 && xSize > 0 && cOff < xOff + xSize && xOff < cOff + cSize;
    }
}
