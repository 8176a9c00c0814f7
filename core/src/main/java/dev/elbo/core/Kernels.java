package dev.elbo.core;

/**
 * Elementwise and reduction kernels on flat row-major {@code double[]} arrays.
 *
 * <p>Every method takes explicit lengths and offsets and allocates nothing. Outputs may alias
 * inputs where the element at index {@code i} of the output depends only on index {@code i} of
 * the inputs (all unary and binary elementwise kernels). Methods named {@code …Acc} add into
 * their output ({@code out += …}); this is how vector-Jacobian products accumulate gradients.
 *
 * <p>These are the plain scalar definitions: they say exactly what each kernel computes.
 */
public final class Kernels {
    private Kernels() {}

    // ---------------------------------------------------------------- binary elementwise

    /** out[i] = a[i] + b[i], i in [0, n). */
    public static void add(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    /** out[i] = a[i] − b[i]. */
    public static void sub(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    /** out[i] = a[i] · b[i]. */
    public static void mul(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    /** out[i] += a[i] · b[i]. */
    public static void mulAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] += a[aOff + i] * b[bOff + i];
    }

    /** out[i] = a[i] / b[i]. */
    public static void div(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    /** out[i] = alpha · a[i]. */
    public static void scale(int n, double alpha, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = alpha * a[aOff + i];
    }

    /** y[i] += alpha · x[i] (BLAS axpy). */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** out[i] = value. */
    public static void fill(int n, double value, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = value;
    }

    /** out[i] = a[i] + value. */
    public static void addScalar(int n, double value, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] + value;
    }

    // ---------------------------------------------------------------- row broadcasting

    /** Bias add: c[r, j] += bias[j] for a rows × cols matrix c. */
    public static void addRowVector(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff) {
        for (int r = 0; r < rows; r++) {
            int base = cOff + r * cols;
            for (int j = 0; j < cols; j++) c[base + j] += bias[biasOff + j];
        }
    }

    /** out[r, j] = a[r, j] · v[j] (each row scaled elementwise by the vector v). */
    public static void mulRowVector(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                                    double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ab = aOff + r * cols, ob = outOff + r * cols;
            for (int j = 0; j < cols; j++) out[ob + j] = a[ab + j] * v[vOff + j];
        }
    }

    // ---------------------------------------------------------------- reductions

    /** Σ a[i] over [0, n), summed left to right. */
    public static double sum(int n, double[] a, int aOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i];
        return s;
    }

    /** Σ a[i]·b[i]. */
    public static double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    /** Row sums: out[r] = Σ_j a[r, j] for a rows × cols matrix. */
    public static void rowSums(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = sum(cols, a, aOff + r * cols);
    }

    /** Column sums accumulated: out[j] += Σ_r a[r, j] (the bias gradient), rows added in order. */
    public static void colSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            for (int j = 0; j < cols; j++) out[outOff + j] += a[base + j];
        }
    }

    /** Row maxima: out[r] = max_j a[r, j]. */
    public static void rowMax(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) m = Math.max(m, a[base + j]);
            out[outOff + r] = m;
        }
    }

    /**
     * Stable log-sum-exp of each row: out[r] = m + log Σ_j exp(a[r, j] − m), m = max_j a[r, j].
     * A row of all −∞ gives −∞; a row holding +∞ gives +∞.
     */
    public static void logSumExpRows(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
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

    /** out[i] = exp(a[i]). */
    public static void exp(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.exp(a[aOff + i]);
    }

    /** out[i] = log(a[i]). */
    public static void log(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.log(a[aOff + i]);
    }

    /** out[i] = log(1 + a[i]), accurate for small a[i]. */
    public static void log1p(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.log1p(a[aOff + i]);
    }

    /** out[i] = tanh(a[i]). */
    public static void tanh(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.tanh(a[aOff + i]);
    }

    /** out[i] = σ(a[i]) = 1 / (1 + exp(−a[i])), without overflow for large |a[i]|. */
    public static void sigmoid(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = sigmoid(a[aOff + i]);
    }

    /** out[i] = softplus(a[i]) = log(1 + exp(a[i])) = max(a, 0) + log1p(exp(−|a|)). */
    public static void softplus(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = softplus(a[aOff + i]);
    }

    /** out[i] = max(a[i], 0). */
    public static void relu(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0.0);
    }

    /** out[i] = a[i]². */
    public static void square(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * a[aOff + i];
    }

    /** Scalar σ(x), stable on both tails. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** Scalar softplus(x) = log(1 + eˣ), stable on both tails. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    // ---------------------------------------------------------------- derivatives (VJPs)

    /** dx[i] += dy[i] · (1 − y[i]²), where y = tanh(x). */
    public static void tanhBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double t = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1.0 - t * t);
        }
    }

    /** dx[i] += dy[i] · y[i]·(1 − y[i]), where y = σ(x). */
    public static void sigmoidBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double s = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * s * (1.0 - s);
        }
    }

    /** dx[i] += dy[i] · σ(x[i]), the derivative of softplus at x. */
    public static void softplusBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] += dy[dyOff + i] * sigmoid(x[xOff + i]);
    }

    /** dx[i] += dy[i] where x[i] &gt; 0 (the relu subgradient 0 at 0). */
    public static void reluBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) if (x[xOff + i] > 0) dx[dxOff + i] += dy[dyOff + i];
    }
}
