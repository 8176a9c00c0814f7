package dev.elbo.core;

/**
 * Dense matrix products on flat row-major {@code double[]} arrays: the three products a dense
 * layer needs (forward {@code Y = X·W}, backward {@code dX = dY·Wᵀ} and {@code dW = Xᵀ·dY}).
 *
 * <p>Sizes are those of C: {@code m × n}, with inner dimension {@code k}. Each matrix is
 * contiguous (leading dimension = its column count) and starts at its offset. With
 * {@code accumulate} the product is added to C, otherwise C is overwritten. C must not
 * overlap A or B. Nothing is allocated.
 *
 * <p>PLACEHOLDER: plain loops until the blocked Vector API kernel lands (issue 2).
 */
public final class Gemm {
    private Gemm() {}

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void mul(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) s += a[aOff + i * k + p] * b[bOff + p * n + j];
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** C[m×n] (+)= A[m×k] · Bᵀ, where B is stored n×k. */
    public static void mulTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) s += a[aOff + i * k + p] * b[bOff + j * k + p];
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** C[m×n] (+)= Aᵀ · B, where A is stored k×m and B is k×n. */
    public static void mulTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                                 double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) s += a[aOff + p * m + i] * b[bOff + p * n + j];
                c[cOff + i * n + j] = s;
            }
        }
    }
}
