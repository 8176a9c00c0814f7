package dev.elbo.models.vae;

/** Small dense linear algebra for the closed forms in tests (symmetric positive definite matrices). */
final class Linalg {
    private Linalg() {}

    /** Lower-triangular L with A = L·Lᵀ. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int p = 0; p < j; p++) s -= l[i][p] * l[j][p];
                if (i == j) {
                    if (!(s > 0)) throw new IllegalArgumentException("not positive definite");
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** log det A from its Cholesky factor. */
    static double logDet(double[][] a) {
        double[][] l = cholesky(a);
        double s = 0;
        for (int i = 0; i < l.length; i++) s += 2 * Math.log(l[i][i]);
        return s;
    }

    /** A⁻¹·b by forward and back substitution. */
    static double[] solve(double[][] a, double[] b) {
        double[][] l = cholesky(a);
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) s -= l[i][p] * y[p];
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < n; p++) s -= l[p][i] * x[p];
            x[i] = s / l[i][i];
        }
        return x;
    }

    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] inv = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            double[] c = solve(a, e);
            for (int i = 0; i < n; i++) inv[i][j] = c[i];
        }
        return inv;
    }

    /** log N(x; m, C). */
    static double logNormal(double[] x, double[] m, double[][] c) {
        int n = x.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = x[i] - m[i];
        double[] s = solve(c, d);
        double q = 0;
        for (int i = 0; i < n; i++) q += d[i] * s[i];
        return -0.5 * (n * Math.log(2 * Math.PI) + logDet(c) + q);
    }
}
