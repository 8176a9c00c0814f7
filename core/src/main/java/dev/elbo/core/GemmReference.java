package dev.elbo.core;

/**
 * The three products of {@link Gemm} as plain triple loops: the definition to read, and the
 * reference the fast kernels are tested against. Same arguments and contract as {@link Gemm}
 * (no argument checks here). Each element is summed over {@code p} in increasing order, starting
 * from {@code C[i][j]} when accumulating and from {@code 0.0} otherwise.
 */
public final class GemmReference {
    private GemmReference() {}

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void mul(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                           double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * k + p] * b[bOff + p * n + j];
                }
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
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * k + p] * b[bOff + j * k + p];
                }
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
                for (int p = 0; p < k; p++) {
                    s += a[aOff + p * m + i] * b[bOff + p * n + j];
                }
                c[cOff + i * n + j] = s;
            }
        }
    }
}
