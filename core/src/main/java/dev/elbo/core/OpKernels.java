package dev.elbo.core;

/**
 * Array loops that the autodiff ops need beyond {@link Kernels}: broadcasting, reductions of
 * gradients onto broadcast operands, log-softmax over column groups, and the fused
 * log-likelihoods with their derivatives.
 *
 * <p>Same contract as {@link Kernels}: static, explicit sizes and offsets, nothing allocated;
 * {@code …Acc} methods add into their output. Matrices are row-major. The loops here are plain
 * scalar loops, except the Bernoulli log-likelihood and its derivative (the hot ends of a VAE
 * on binary data), which run on the vector softplus, sigmoid and sum kernels when the Vector
 * API is present: the same bits in every JIT tier, equal to the scalar loop up to rounding
 * (every term x·l − softplus(l) = log p ≤ 0, so the sums cannot cancel).
 *
 * <p><b>Broadcast addressing.</b> An operand that is broadcast over a {@code rows × cols}
 * result is read at {@code off + r·rowStride + c·colStride}: a full matrix has strides
 * {@code (cols, 1)}, a row vector {@code 1×cols} has {@code (0, 1)}, a column vector
 * {@code rows×1} has {@code (1, 0)}, a scalar {@code 1×1} has {@code (0, 0)}. Gradients of
 * broadcast operands are written through the same strides, so several result entries add into
 * one operand entry (the sum over the broadcast dimension), in row-major order.
 *
 * <p>Some methods here ({@link #divAcc}, {@link #elu}, {@link #eluBackwardAcc}) are due in
 * {@link Kernels} with the same signatures; they live here until then.
 */
public final class OpKernels {
    private OpKernels() {}

    /** log(2π), the constant of the Gaussian log density. */
    public static final double LOG_2PI = Math.log(2.0 * Math.PI);

    // ---------------------------------------------------------------- elementwise (to fold into Kernels)

    /** out[i] += a[i] / b[i], i in [0, n). */
    public static void divAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] += a[aOff + i] / b[bOff + i];
    }

    /** out[i] += alpha · a[i] · b[i]. */
    public static void mulAcc(int n, double alpha, double[] a, int aOff, double[] b, int bOff,
                              double[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] += alpha * a[aOff + i] * b[bOff + i];
    }

    /** ELU with α = 1: out[i] = a[i] if a[i] &gt; 0, else exp(a[i]) − 1 (computed as expm1). */
    public static void elu(int n, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            double x = a[aOff + i];
            out[outOff + i] = x > 0 ? x : Math.expm1(x);
        }
    }

    /** dx[i] += dy[i] · (x[i] &gt; 0 ? 1 : y[i] + 1), where y = elu(x) (so y + 1 = exp(x) below 0). */
    public static void eluBackwardAcc(int n, double[] x, int xOff, double[] y, int yOff,
                                      double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            double slope = x[xOff + i] > 0 ? 1.0 : y[yOff + i] + 1.0;
            dx[dxOff + i] += dy[dyOff + i] * slope;
        }
    }

    // ---------------------------------------------------------------- broadcasting binary ops

    /** out[r, c] = a⟨r, c⟩ + b⟨r, c⟩ over rows × cols, a and b read with broadcast strides. */
    public static void addBroadcast(int rows, int cols,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ai = aOff + r * aRs, bi = bOff + r * bRs, o = outOff + r * cols;
            for (int c = 0; c < cols; c++) out[o + c] = a[ai + c * aCs] + b[bi + c * bCs];
        }
    }

    /** out[r, c] = a⟨r, c⟩ − b⟨r, c⟩ (broadcast strides as in {@link #addBroadcast}). */
    public static void subBroadcast(int rows, int cols,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ai = aOff + r * aRs, bi = bOff + r * bRs, o = outOff + r * cols;
            for (int c = 0; c < cols; c++) out[o + c] = a[ai + c * aCs] - b[bi + c * bCs];
        }
    }

    /** out[r, c] = a⟨r, c⟩ · b⟨r, c⟩ (broadcast strides as in {@link #addBroadcast}). */
    public static void mulBroadcast(int rows, int cols,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ai = aOff + r * aRs, bi = bOff + r * bRs, o = outOff + r * cols;
            for (int c = 0; c < cols; c++) out[o + c] = a[ai + c * aCs] * b[bi + c * bCs];
        }
    }

    /** out[r, c] = a⟨r, c⟩ / b⟨r, c⟩ (broadcast strides as in {@link #addBroadcast}). */
    public static void divBroadcast(int rows, int cols,
                                    double[] a, int aOff, int aRs, int aCs,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int ai = aOff + r * aRs, bi = bOff + r * bRs, o = outOff + r * cols;
            for (int c = 0; c < cols; c++) out[o + c] = a[ai + c * aCs] / b[bi + c * bCs];
        }
    }

    /**
     * Broadcast add into a full matrix: out[r, c] += alpha · v⟨r, c⟩ over rows × cols, v read
     * with broadcast strides. The VJP of every sum and mean (v = the upstream gradient of the
     * reduced result).
     */
    public static void addBroadcastAcc(int rows, int cols, double alpha,
                                       double[] v, int vOff, int vRs, int vCs,
                                       double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int vi = vOff + r * vRs, o = outOff + r * cols;
            for (int c = 0; c < cols; c++) out[o + c] += alpha * v[vi + c * vCs];
        }
    }

    /**
     * Reduce onto a broadcast operand: out⟨r, c⟩ += alpha · dy[r, c] over rows × cols, dy full,
     * out addressed with broadcast strides (so a row-vector out gets column sums, a column out
     * row sums, a scalar out the total). The VJP of add (alpha = 1) and sub (alpha = ±1).
     */
    public static void reduceAcc(int rows, int cols, double alpha, double[] dy, int dyOff,
                                 double[] out, int outOff, int oRs, int oCs) {
        for (int r = 0; r < rows; r++) {
            int d = dyOff + r * cols, o = outOff + r * oRs;
            for (int c = 0; c < cols; c++) out[o + c * oCs] += alpha * dy[d + c];
        }
    }

    /**
     * out⟨r, c⟩ += dy[r, c] · b⟨r, c⟩: the VJP of a product a·b with respect to a, where b and
     * out (a's gradient) are both read/written with broadcast strides.
     */
    public static void mulReduceAcc(int rows, int cols, double[] dy, int dyOff,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff, int oRs, int oCs) {
        for (int r = 0; r < rows; r++) {
            int d = dyOff + r * cols, bi = bOff + r * bRs, o = outOff + r * oRs;
            for (int c = 0; c < cols; c++) out[o + c * oCs] += dy[d + c] * b[bi + c * bCs];
        }
    }

    /**
     * out⟨r, c⟩ += dy[r, c] / b⟨r, c⟩: the VJP of a quotient a/b with respect to a (strides as
     * in {@link #mulReduceAcc}).
     */
    public static void divReduceAcc(int rows, int cols, double[] dy, int dyOff,
                                    double[] b, int bOff, int bRs, int bCs,
                                    double[] out, int outOff, int oRs, int oCs) {
        for (int r = 0; r < rows; r++) {
            int d = dyOff + r * cols, bi = bOff + r * bRs, o = outOff + r * oRs;
            for (int c = 0; c < cols; c++) out[o + c * oCs] += dy[d + c] / b[bi + c * bCs];
        }
    }

    /**
     * out⟨r, c⟩ −= dy[r, c] · y[r, c] / b⟨r, c⟩: the VJP of a quotient y = a/b with respect to
     * the divisor b (∂(a/b)/∂b = −a/b² = −y/b), dy and y full, b and out (b's gradient) with b's
     * broadcast strides.
     */
    public static void divisorReduceAcc(int rows, int cols, double[] dy, int dyOff, double[] y, int yOff,
                                        double[] b, int bOff, int bRs, int bCs,
                                        double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int d = dyOff + r * cols, yi = yOff + r * cols, bi = bOff + r * bRs, o = outOff + r * bRs;
            for (int c = 0; c < cols; c++) out[o + c * bCs] -= dy[d + c] * y[yi + c] / b[bi + c * bCs];
        }
    }

    // ---------------------------------------------------------------- row-wise helpers

    /** out[r, j] += alpha · v[r] · a[r, j] for a rows × cols matrix a and a column vector v. */
    public static void mulColumnVectorAcc(int rows, int cols, double alpha, double[] v, int vOff,
                                          double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            double s = alpha * v[vOff + r];
            int ai = aOff + r * cols, o = outOff + r * cols;
            for (int j = 0; j < cols; j++) out[o + j] += s * a[ai + j];
        }
    }

    /**
     * Backward of a stable row log-sum-exp y[r] = log Σ_j exp(x[r, j]):
     * dx[r, j] += dy[r] · exp(x[r, j] − y[r]) (the row softmax). Rows whose y is ±∞ or NaN (all
     * −∞, or holding +∞) add nothing: the softmax is undefined there.
     */
    public static void logSumExpRowsBackwardAcc(int rows, int cols, double[] x, int xOff, double[] y, int yOff,
                                                double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            double lse = y[yOff + r];
            if (!Double.isFinite(lse)) continue;
            double g = dy[dyOff + r];
            int xi = xOff + r * cols, o = dxOff + r * cols;
            for (int j = 0; j < cols; j++) dx[o + j] += g * Math.exp(x[xi + j] - lse);
        }
    }

    /**
     * Log-softmax over consecutive groups: for each of {@code groups} groups of {@code size}
     * consecutive entries, y[i] = x[i] − log Σ_{k in group} exp(x[k]), computed with the group
     * maximum subtracted. A row-major r × (G·A) matrix normalized per group of A columns is
     * {@code groups = r·G, size = A}. A group of all −∞ gives NaN.
     */
    public static void logSoftmaxGroups(int groups, int size, double[] x, int xOff, double[] y, int yOff) {
        for (int g = 0; g < groups; g++) {
            int xi = xOff + g * size, yi = yOff + g * size;
            double lse = logSumExp(size, x, xi);
            for (int k = 0; k < size; k++) y[yi + k] = x[xi + k] - lse;
        }
    }

    /**
     * Backward of {@link #logSoftmaxGroups}: dx[i] += dy[i] − exp(y[i]) · Σ_{k in group} dy[k].
     */
    public static void logSoftmaxGroupsBackwardAcc(int groups, int size, double[] y, int yOff,
                                                   double[] dy, int dyOff, double[] dx, int dxOff) {
        for (int g = 0; g < groups; g++) {
            int yi = yOff + g * size, di = dyOff + g * size, o = dxOff + g * size;
            double total = 0;
            for (int k = 0; k < size; k++) total += dy[di + k];
            for (int k = 0; k < size; k++) dx[o + k] += dy[di + k] - Math.exp(y[yi + k]) * total;
        }
    }

    /** Stable log Σ_{k &lt; n} exp(a[off + k]): max subtracted; all −∞ gives −∞, a +∞ gives +∞. */
    public static double logSumExp(int n, double[] a, int off) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) m = Math.max(m, a[off + k]);
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.exp(a[off + k] - m);
        return m + Math.log(s);
    }

    // ---------------------------------------------------------------- copies between blocks

    /**
     * Copies a rows × width block: dst[dOff + r·dStride + j] = src[sOff + r·sStride + j]
     * (strides are the row lengths of the two matrices). Column slices and concatenation.
     */
    public static void copyBlock(int rows, int width, double[] src, int sOff, int sStride,
                                 double[] dst, int dOff, int dStride) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, sOff + r * sStride, dst, dOff + r * dStride, width);
    }

    /** Adds a rows × width block: dst[dOff + r·dStride + j] += src[sOff + r·sStride + j]. */
    public static void addBlockAcc(int rows, int width, double[] src, int sOff, int sStride,
                                   double[] dst, int dOff, int dStride) {
        for (int r = 0; r < rows; r++) {
            int s = sOff + r * sStride, d = dOff + r * dStride;
            for (int j = 0; j < width; j++) dst[d + j] += src[s + j];
        }
    }

    /**
     * Repeats each row k times: out is (rows·k) × cols and out row i·k + s is row i of a, for
     * s in [0, k) (the k samples of one example sit next to each other).
     */
    public static void repeatRows(int rows, int cols, int k, double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            for (int s = 0; s < k; s++) System.arraycopy(a, aOff + i * cols, out, outOff + (i * k + s) * cols, cols);
        }
    }

    /**
     * Backward of {@link #repeatRows}: out[i, j] += Σ_{s &lt; k} dy[i·k + s, j], for i in
     * [0, rows), summed in order of s.
     */
    public static void sumRowGroupsAcc(int rows, int cols, int k, double[] dy, int dyOff, double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int o = outOff + i * cols;
            for (int s = 0; s < k; s++) {
                int d = dyOff + (i * k + s) * cols;
                for (int j = 0; j < cols; j++) out[o + j] += dy[d + j];
            }
        }
    }

    // ---------------------------------------------------------------- fused log-likelihoods

    /**
     * Bernoulli log-likelihood from logits, one value per row:
     * out[r] = Σ_j ( x[r, j]·l[r, j] − softplus(l[r, j]) ), which equals
     * Σ_j x·log σ(l) + (1 − x)·log(1 − σ(l)) without overflow for any l. x may be any value in
     * [0, 1] (grey levels). Large batches are split by rows among {@link Parallel}'s threads
     * (each row's sum stays on one thread: the same bits for any thread count).
     */
    public static void bernoulliLogLikRows(int rows, int cols, double[] l, int lOff, double[] x, int xOff,
                                           double[] out, int outOff) {
        if (!splitRows(rows, cols)) {
            bernoulliLogLikRowRange(rows, cols, l, lOff, x, xOff, out, outOff);
            return;
        }
        LogLikTask task = LOG_LIK_TASK.get();
        task.set(false, cols, l, lOff, x, xOff, null, 0, out, outOff);
        task.runOver(rows);
    }

    private static void bernoulliLogLikRowRange(int rows, int cols, double[] l, int lOff, double[] x, int xOff,
                                                double[] out, int outOff) {
        if (VectorSupport.ENABLED) {
            VectorKernels.bernoulliLogLikRows(rows, cols, l, lOff, x, xOff, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int li = lOff + r * cols, xi = xOff + r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double lj = l[li + j];
                s += x[xi + j] * lj - Kernels.softplus(lj);
            }
            out[outOff + r] = s;
        }
    }

    /**
     * Backward of {@link #bernoulliLogLikRows} with respect to the logits:
     * dl[r, j] += dy[r] · (x[r, j] − σ(l[r, j])). Split by rows like the forward.
     */
    public static void bernoulliLogLikBackwardAcc(int rows, int cols, double[] l, int lOff, double[] x, int xOff,
                                                  double[] dy, int dyOff, double[] dl, int dlOff) {
        if (!splitRows(rows, cols)) {
            bernoulliLogLikBackwardRowRange(rows, cols, l, lOff, x, xOff, dy, dyOff, dl, dlOff);
            return;
        }
        LogLikTask task = LOG_LIK_TASK.get();
        task.set(true, cols, l, lOff, x, xOff, dy, dyOff, dl, dlOff);
        task.runOver(rows);
    }

    private static void bernoulliLogLikBackwardRowRange(int rows, int cols, double[] l, int lOff, double[] x,
                                                        int xOff, double[] dy, int dyOff, double[] dl, int dlOff) {
        if (VectorSupport.ENABLED) {
            VectorKernels.bernoulliLogLikBackwardAcc(rows, cols, l, lOff, x, xOff, dy, dyOff, dl, dlOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            double g = dy[dyOff + r];
            int li = lOff + r * cols, xi = xOff + r * cols, o = dlOff + r * cols;
            for (int j = 0; j < cols; j++) dl[o + j] += g * (x[xi + j] - Kernels.sigmoid(l[li + j]));
        }
    }

    /**
     * Sets the {@code rows × cols} block at {@code out[off]} to +0.0, split by rows among
     * {@link Parallel}'s threads above {@link #PARALLEL_MIN} entries: what the tape does to an
     * intermediate's gradient before its first contribution of a backward pass.
     *
     * <p>Why split: on two threads the products of the previous step left about half of such a
     * buffer's cache lines in the other core's cache, and zeroing it all on the calling thread
     * fetched them one by one (4.9% of the calling thread's samples in a two-thread training
     * step, against 1.1% of a one-thread step). Split by rows, each thread mostly zeroes lines
     * it wrote, and the product that fills the buffer next, split by rows too, finds them there.
     */
    public static void zeroRows(int rows, int cols, double[] out, int off) {
        if (!splitRows(rows, cols)) {
            Kernels.fill(rows * cols, 0.0, out, off);
            return;
        }
        ZeroTask task = ZERO_TASK.get();
        task.cols = cols;
        task.out = out;
        task.off = off;
        try {
            Parallel.forRange(rows, task);
        } finally {
            task.out = null;
        }
    }

    /** The arguments of one {@link #zeroRows}, one object per calling thread. */
    private static final class ZeroTask implements Parallel.RangeTask {
        int cols, off;
        double[] out;

        @Override
        public void run(int from, int to) {
            Kernels.fill((to - from) * cols, 0.0, out, off + from * cols);
        }
    }

    private static final ThreadLocal<ZeroTask> ZERO_TASK = ThreadLocal.withInitial(ZeroTask::new);

    /** Below this many entries a row kernel runs on the calling thread alone (about 20 µs of work). */
    static final int PARALLEL_MIN = 1 << 14;

    private static boolean splitRows(int rows, int cols) {
        return rows > 1 && (long) rows * cols >= PARALLEL_MIN && Parallel.threads() > 1;
    }

    /**
     * The Bernoulli log-likelihood or its backward over a range of rows: the arguments of one call,
     * one object per calling thread, so a parallel call allocates nothing.
     */
    private static final class LogLikTask implements Parallel.RangeTask {
        boolean backward;
        int cols, lOff, xOff, dyOff, outOff;
        double[] l, x, dy, out;

        void set(boolean backward, int cols, double[] l, int lOff, double[] x, int xOff, double[] dy, int dyOff,
                 double[] out, int outOff) {
            this.backward = backward;
            this.cols = cols;
            this.l = l;
            this.lOff = lOff;
            this.x = x;
            this.xOff = xOff;
            this.dy = dy;
            this.dyOff = dyOff;
            this.out = out;
            this.outOff = outOff;
        }

        void runOver(int rows) {
            try {
                Parallel.forRange(rows, this);
            } finally {
                l = x = dy = out = null;
            }
        }

        @Override
        public void run(int from, int to) {
            int skip = from * cols;
            if (backward) {
                bernoulliLogLikBackwardRowRange(to - from, cols, l, lOff + skip, x, xOff + skip, dy, dyOff + from,
                        out, outOff + skip);
            } else {
                bernoulliLogLikRowRange(to - from, cols, l, lOff + skip, x, xOff + skip, out, outOff + from);
            }
        }
    }

    private static final ThreadLocal<LogLikTask> LOG_LIK_TASK = ThreadLocal.withInitial(LogLikTask::new);

    /**
     * Diagonal Gaussian log density, one value per row of the rows × cols matrix x:
     * out[r] = −½ Σ_j ( log 2π + v + (x[r, j] − m)²·exp(−v) ), with m = mean⟨r, j⟩ and
     * v = logVar⟨r, j⟩ read with broadcast strides.
     */
    public static void gaussianLogDensityRows(int rows, int cols, double[] x, int xOff,
                                              double[] mean, int mOff, int mRs, int mCs,
                                              double[] logVar, int vOff, int vRs, int vCs,
                                              double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols, mi = mOff + r * mRs, vi = vOff + r * vRs;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[xi + j] - mean[mi + j * mCs];
                double v = logVar[vi + j * vCs];
                s += LOG_2PI + v + d * d * Math.exp(-v);
            }
            out[outOff + r] = -0.5 * s;
        }
    }

    /**
     * Gradient of the Gaussian log density with respect to the mean (alpha = 1) or to x
     * (alpha = −1): out⟨r, j⟩ += alpha · dy[r] · (x[r, j] − m)·exp(−v), m and v read with their
     * broadcast strides, out written with the strides (oRs, oCs) of the tensor it belongs to.
     */
    public static void gaussianResidualAcc(int rows, int cols, double alpha, double[] x, int xOff,
                                           double[] mean, int mOff, int mRs, int mCs,
                                           double[] logVar, int vOff, int vRs, int vCs,
                                           double[] dy, int dyOff,
                                           double[] out, int outOff, int oRs, int oCs) {
        for (int r = 0; r < rows; r++) {
            double g = alpha * dy[dyOff + r];
            int xi = xOff + r * cols, mi = mOff + r * mRs, vi = vOff + r * vRs, o = outOff + r * oRs;
            for (int j = 0; j < cols; j++) {
                double d = x[xi + j] - mean[mi + j * mCs];
                out[o + j * oCs] += g * d * Math.exp(-logVar[vi + j * vCs]);
            }
        }
    }

    /**
     * Gradient of the Gaussian log density with respect to the log-variance:
     * out⟨r, j⟩ += ½ · dy[r] · ((x[r, j] − m)²·exp(−v) − 1), out written with logVar's strides.
     */
    public static void gaussianLogVarBackwardAcc(int rows, int cols, double[] x, int xOff,
                                                 double[] mean, int mOff, int mRs, int mCs,
                                                 double[] logVar, int vOff, int vRs, int vCs,
                                                 double[] dy, int dyOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            double g = 0.5 * dy[dyOff + r];
            int xi = xOff + r * cols, mi = mOff + r * mRs, vi = vOff + r * vRs, o = outOff + r * vRs;
            for (int j = 0; j < cols; j++) {
                double d = x[xi + j] - mean[mi + j * mCs];
                out[o + j * vCs] += g * (d * d * Math.exp(-logVar[vi + j * vCs]) - 1.0);
            }
        }
    }

    /** Standard normal log density per row: out[r] = −½ Σ_j (log 2π + z[r, j]²). */
    public static void stdNormalLogDensityRows(int rows, int cols, double[] z, int zOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int zi = zOff + r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) s += LOG_2PI + z[zi + j] * z[zi + j];
            out[outOff + r] = -0.5 * s;
        }
    }

    /**
     * KL(N(μ, diag exp(v)) ‖ N(0, I)) per row: out[r] = ½ Σ_j (μ² + exp(v) − 1 − v), μ and v
     * both rows × cols.
     */
    public static void klStdNormalRows(int rows, int cols, double[] mu, int muOff, double[] logVar, int vOff,
                                       double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int mi = muOff + r * cols, vi = vOff + r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double m = mu[mi + j], v = logVar[vi + j];
                s += m * m + Math.exp(v) - 1.0 - v;
            }
            out[outOff + r] = 0.5 * s;
        }
    }

    /** Backward of {@link #klStdNormalRows} in v: out[r, j] += ½ · dy[r] · (exp(v[r, j]) − 1). */
    public static void klLogVarBackwardAcc(int rows, int cols, double[] logVar, int vOff,
                                           double[] dy, int dyOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            double g = 0.5 * dy[dyOff + r];
            int vi = vOff + r * cols, o = outOff + r * cols;
            for (int j = 0; j < cols; j++) out[o + j] += g * Math.expm1(logVar[vi + j]);
        }
    }

    /**
     * Categorical log-likelihood from logits over groups of {@code size} consecutive columns:
     * l and x are rows × (groups·size); for each row r and group g,
     * lse[r·groups + g] = log Σ_a exp(l[r, g·size + a]) (stable) is stored, and
     * out[r] = Σ_g Σ_a x[r, g·size + a] · (l[r, g·size + a] − lse[r·groups + g]).
     * With x one-hot per group this is Σ_g log softmax(l_g)[observed]; a group of zeros
     * (a missing symbol) adds nothing.
     */
    public static void categoricalLogLikRows(int rows, int groups, int size, double[] l, int lOff,
                                             double[] x, int xOff, double[] lse, int lseOff,
                                             double[] out, int outOff) {
        int cols = groups * size;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int g = 0; g < groups; g++) {
                int li = lOff + r * cols + g * size, xi = xOff + r * cols + g * size;
                double z = logSumExp(size, l, li);
                lse[lseOff + r * groups + g] = z;
                for (int a = 0; a < size; a++) {
                    double xa = x[xi + a];
                    if (xa != 0) s += xa * (l[li + a] - z); // skip zeros: −∞ logits with x = 0 add 0, not NaN
                }
            }
            out[outOff + r] = s;
        }
    }

    /**
     * Backward of {@link #categoricalLogLikRows} in the logits:
     * dl[r, i] += dy[r] · (x[r, i] − exp(l[r, i] − lse_g) · Σ_{a in g} x[r, a]) for i in group g.
     */
    public static void categoricalLogLikBackwardAcc(int rows, int groups, int size, double[] l, int lOff,
                                                    double[] x, int xOff, double[] lse, int lseOff,
                                                    double[] dy, int dyOff, double[] dl, int dlOff) {
        int cols = groups * size;
        for (int r = 0; r < rows; r++) {
            double g0 = dy[dyOff + r];
            for (int g = 0; g < groups; g++) {
                int base = r * cols + g * size;
                double z = lse[lseOff + r * groups + g];
                double total = 0;
                for (int a = 0; a < size; a++) total += x[xOff + base + a];
                for (int a = 0; a < size; a++) {
                    dl[dlOff + base + a] += g0 * (x[xOff + base + a] - Math.exp(l[lOff + base + a] - z) * total);
                }
            }
        }
    }

    /**
     * Backward of {@link #categoricalLogLikRows} in the data x:
     * dx[r, i] += dy[r] · (l[r, i] − lse_g) for i in group g.
     */
    public static void categoricalDataBackwardAcc(int rows, int groups, int size, double[] l, int lOff,
                                                  double[] lse, int lseOff, double[] dy, int dyOff,
                                                  double[] dx, int dxOff) {
        int cols = groups * size;
        for (int r = 0; r < rows; r++) {
            double g0 = dy[dyOff + r];
            for (int g = 0; g < groups; g++) {
                int base = r * cols + g * size;
                double z = lse[lseOff + r * groups + g];
                for (int a = 0; a < size; a++) dx[dxOff + base + a] += g0 * (l[lOff + base + a] - z);
            }
        }
    }
}
