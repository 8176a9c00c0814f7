package dev.elbo.core;

import java.util.Arrays;

/**
 * The products without the Vector API (used when {@link VectorSupport#ENABLED} is false).
 *
 * <p>The loops are reordered for the cache (rows of C updated along rows of B, which the JIT can
 * vectorize) but every element still gets exactly the operations of {@link GemmReference}:
 * {@code s = s + a·b} for p in increasing order, a multiply then an add (Java never fuses them),
 * so the results equal the reference bit for bit.
 */
final class GemmScalar {
    private GemmScalar() {}

    static void mul(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                    double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (!accumulate) {
                Arrays.fill(c, ci, ci + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                axpy(n, a[aOff + i * k + p], b, bOff + p * n, c, ci);
            }
        }
    }

    static void mulTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                          double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int j = 0;
            // Four dot products at once: four independent chains for the FPU, each in p order.
            for (; j + 4 <= n; j += 4) {
                int ci = cOff + i * n + j;
                int b0 = bOff + j * k;
                double s0 = accumulate ? c[ci] : 0.0;
                double s1 = accumulate ? c[ci + 1] : 0.0;
                double s2 = accumulate ? c[ci + 2] : 0.0;
                double s3 = accumulate ? c[ci + 3] : 0.0;
                for (int p = 0; p < k; p++) {
                    double x = a[ai + p];
                    s0 += x * b[b0 + p];
                    s1 += x * b[b0 + k + p];
                    s2 += x * b[b0 + 2 * k + p];
                    s3 += x * b[b0 + 3 * k + p];
                }
                c[ci] = s0;
                c[ci + 1] = s1;
                c[ci + 2] = s2;
                c[ci + 3] = s3;
            }
            for (; j < n; j++) {
                int ci = cOff + i * n + j;
                double s = accumulate ? c[ci] : 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bOff + j * k + p];
                }
                c[ci] = s;
            }
        }
    }

    static void mulTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                          double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (!accumulate) {
                Arrays.fill(c, ci, ci + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                axpy(n, a[aOff + p * m + i], b, bOff + p * n, c, ci);
            }
        }
    }

    /** y[0..n) += x · v[0..n). */
    private static void axpy(int n, double x, double[] v, int vOff, double[] y, int yOff) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += x * v[vOff + j];
        }
    }
}
