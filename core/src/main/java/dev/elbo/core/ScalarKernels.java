package dev.elbo.core;

/**
 * The plain-loop reference definitions behind {@link Kernels}: one obvious loop per kernel,
 * left to right, using {@code Math.*} for the transcendental functions.
 *
 * <p>These say exactly what each kernel computes; {@link Kernels} documents the semantics and
 * the accuracy bounds. The facade runs these loops when the Vector API is absent or disabled
 * ({@code -Delbo.scalar=true}), and the tests compare {@link VectorKernels} against them.
 */
final class ScalarKernels {
    private ScalarKernels() {}

    // ---------------------------------------------------------------- binary elementwise

    static void add(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    static void sub(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    static void mul(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    static void mulAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] += a[aOff + i] * b[bOff + i];
    }

    static void div(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    static void divAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] += a[aOff + i] / b[bOff + i];
    }

    static void scale(int n, double alpha, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = alpha * a[aOff + i];
    }

    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    static void fill(int n, double value, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = value;
    }

    static void addScalar(int n, double value, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + value;
    }

    // ---------------------------------------------------------------- row broadcasting

    static void addRowVector(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff) {
        for (int r = 0; r < rows; r++) {
            int base = cOff + r * cols;
            for (int j = 0; j < cols; j++) c[base + j] += bias[biasOff + j];
        }
    }

    static void mulRowVector(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                             double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ab = aOff + r * cols, ob = outOff + r * cols;
            for (int j = 0; j < cols; j++) out[ob + j] = a[ab + j] * v[vOff + j];
        }
    }

    static void mulRowVectorAcc(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                                double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ab = aOff + r * cols, ob = outOff + r * cols;
            for (int j = 0; j < cols; j++) out[ob + j] += a[ab + j] * v[vOff + j];
        }
    }

    // ---------------------------------------------------------------- reductions

    static double sum(int n, double[] a, int aOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i];
        return s;
    }

    static double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    static double maxAbsDiff(int n, double[] a, int aOff, double[] b, int bOff) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(a[aOff + i] - b[bOff + i]));
        return m;
    }

    static void rowSums(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = sum(cols, a, aOff + r * cols);
    }

    static void rowSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] += sum(cols, a, aOff + r * cols);
    }

    static void colSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            for (int j = 0; j < cols; j++) out[outOff + j] += a[base + j];
        }
    }

    static void colDotAcc(int rows, int cols, double[] a, int aOff, double[] b, int bOff,
                          double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ab = aOff + r * cols, bb = bOff + r * cols;
            for (int j = 0; j < cols; j++) out[outOff + j] += a[ab + j] * b[bb + j];
        }
    }

    static void rowMax(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, a[base + j]);
            out[outOff + r] = m;
        }
    }

    static void logSumExpRows(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, a[base + j]);
            if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                out[outOff + r] = m;
                continue;
            }
            double s = 0;
            for (int j = 0; j < cols; j++) s += Math.exp(a[base + j] - m);
            out[outOff + r] = m + Math.log(s);
        }
    }

    // ---------------------------------------------------------------- unary functions

    static void exp(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.exp(a[aOff + i]);
    }

    static void expm1(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.expm1(a[aOff + i]);
    }

    static void log(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.log(a[aOff + i]);
    }

    static void log1p(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.log1p(a[aOff + i]);
    }

    static void tanh(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.tanh(a[aOff + i]);
    }

    static void sigmoid(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = sigmoid(a[aOff + i]);
    }

    static void softplus(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = softplus(a[aOff + i]);
    }

    static void elu(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            double x = a[aOff + i];
            out[outOff + i] = x > 0 ? x : Math.expm1(x);
        }
    }

    static void relu(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0.0);
    }

    static void square(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * a[aOff + i];
    }

    /** σ(x): 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below, so exp never overflows. */
    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** softplus(x) = max(x, 0) + log1p(e^−|x|): exp never overflows, and the tiny tail is kept. */
    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    // ---------------------------------------------------------------- derivatives (VJPs)

    static void tanhBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double t = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1.0 - t * t);
        }
    }

    static void sigmoidBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double s = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * s * (1.0 - s);
        }
    }

    static void softplusBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] += dy[dyOff + i] * sigmoid(x[xOff + i]);
    }

    static void reluBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) if (x[xOff + i] > 0) dx[dxOff + i] += dy[dyOff + i];
    }

    static void eluBackwardAcc(int n, double[] x, int xOff, double[] y, int yOff, double[] dy, int dyOff,
                               double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double slope = x[xOff + i] > 0 ? 1.0 : y[yOff + i] + 1.0;
            dx[dxOff + i] += dy[dyOff + i] * slope;
        }
    }
}
