package dev.elbo.core;

/**
 * Elementwise and reduction kernels on flat row-major {@code double[]} arrays.
 *
 * <p>Every method takes explicit lengths and offsets and allocates nothing. Outputs may alias
 * inputs exactly (same array, same offset) where the element at index {@code i} of the output
 * depends only on index {@code i} of the inputs (all unary and binary elementwise kernels);
 * partly overlapping ranges are not allowed. Methods named {@code …Acc} add into their output
 * ({@code out += …}); this is how vector-Jacobian products accumulate gradients. A length of
 * zero (or less) does nothing.
 *
 * <h2>Two implementations</h2>
 * Each kernel has a plain scalar loop ({@code ScalarKernels}, the definition) and a Vector API
 * loop ({@code VectorKernels}). This facade picks one through the {@code static final}
 * {@link VectorSupport#ENABLED}, which the JIT folds, so the dispatch costs nothing and the
 * class holding {@code jdk.incubator.vector} types is never loaded without the module. A JVM
 * started without {@code --add-modules jdk.incubator.vector} prints one warning on standard
 * error the first time a kernel is used, then runs the scalar loops;
 * {@code -Delbo.scalar=true} forces them without a warning.
 *
 * <h2>What the two paths guarantee</h2>
 * With u = 2<sup>−53</sup> (the unit roundoff) and "1 ulp" measured at the exact result:
 * <ul>
 * <li><b>Arithmetic</b> (add … axpy, broadcasting, column reductions, relu, square, the
 *     backward kernels except softplus): bit-identical on both paths, every output rounded
 *     exactly as the expression in its doc is written (left to right, no fused multiply-add),
 *     including signed zeros, infinities and NaN.
 * <li><b>exp and what is built on it</b> (exp, sigmoid, tanh, softplus, softplusBackwardAcc,
 *     logSumExpRows, and in {@link OpKernels} the fused Bernoulli log-likelihood): the vector
 *     path computes exp with its own range reduction and polynomial in IEEE arithmetic (see
 *     {@code VectorKernels.exp}; tanh reuses its reduction, softplus adds a log1p of the same
 *     kind), within the bound stated on each method and with the same bits in every JIT tier
 *     and every array position; the scalar path uses {@code Math.*}. The two paths may differ
 *     in the last bits.
 * <li><b>Other transcendentals</b> (expm1, log, log1p, elu): within the ulp
 *     bound stated on each method. By default they run the {@code Math.*} loops even when the
 *     Vector API is present, because those give the same bits in every JIT tier;
 *     {@code -Delbo.vectorMath=true} switches them to the Vector API's lanewise operators (SVML
 *     high-accuracy routines on x86-64, the same ulp contract as {@code Math}), several times
 *     faster but with last-bit results that depend on when C2 compiles the kernel.
 * <li><b>Sums</b> ({@code sum}, {@code dot}, {@code rowSums}, {@code rowSumsAcc},
 *     {@code logSumExpRows}): the scalar path adds left to right; the vector path keeps
 *     partial sums in vector lanes and adds them in a fixed order. Either way the result is a
 *     deterministic function of the inputs and the machine's vector width (never of timing,
 *     JIT tier or threads), within the stated bound of the exact sum.
 * </ul>
 * So with the default settings every kernel gives the same bits for the same inputs on the
 * same machine, in the interpreter as after compilation; the vector and scalar paths (and
 * machines of different vector widths) may differ in the last bits of exp and the kernels
 * built on it, and of the sums. The vector exp uses fused multiply-add, which every x86-64 CPU
 * since 2013 and every AArch64 CPU has; without it the Vector API would emulate it, correctly
 * but slowly.
 */
public final class Kernels {
    private Kernels() {}

    private static final boolean VECTOR = VectorSupport.ENABLED;

    /**
     * Whether expm1, log, log1p and elu use the Vector API's lanewise
     * LOG/LOG1P/EXPM1 (opt-in: {@code -Delbo.vectorMath=true}). They are 5–20× faster than the {@code Math.*}
     * loops on x86-64 and as accurate, but not reproducible bit for bit: HotSpot computes them
     * with {@code Math.*} lane by lane until C2 compiles the kernel and with SVML afterwards,
     * and the two differ in the last bit for a few percent of inputs, so results depend on
     * JIT timing. {@code Math.*} itself gives the same bits in every tier.
     */
    private static final boolean VECTOR_MATH = VECTOR && Boolean.getBoolean("elbo.vectorMath");

    /** True when the Vector API versions are in use (see {@link VectorSupport}). */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** True when expm1, log, log1p and elu use the lanewise vector operators (see above). */
    public static boolean vectorizedMath() {
        return VECTOR_MATH;
    }

    // ---------------------------------------------------------------- binary elementwise

    /** out[i] = a[i] + b[i], i in [0, n). Bit-identical on both paths. */
    public static void add(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.add(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.add(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = a[i] − b[i]. Bit-identical on both paths. */
    public static void sub(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.sub(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.sub(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = a[i] · b[i]. Bit-identical on both paths. */
    public static void mul(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.mul(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.mul(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = out[i] + a[i] · b[i] (two roundings). Bit-identical on both paths. */
    public static void mulAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.mulAcc(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.mulAcc(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = a[i] / b[i]. Bit-identical on both paths. */
    public static void div(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.div(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.div(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = out[i] + a[i] / b[i]. Bit-identical on both paths. */
    public static void divAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.divAcc(n, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.divAcc(n, a, aOff, b, bOff, out, outOff);
    }

    /** out[i] = alpha · a[i]. Bit-identical on both paths. */
    public static void scale(int n, double alpha, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.scale(n, alpha, a, aOff, out, outOff);
        else ScalarKernels.scale(n, alpha, a, aOff, out, outOff);
    }

    /** y[i] = y[i] + alpha · x[i] (BLAS axpy, two roundings). Bit-identical on both paths. */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (VECTOR) VectorKernels.axpy(n, alpha, x, xOff, y, yOff);
        else ScalarKernels.axpy(n, alpha, x, xOff, y, yOff);
    }

    /** out[i] = value. */
    public static void fill(int n, double value, double[] out, int outOff) {
        if (VECTOR) VectorKernels.fill(n, value, out, outOff);
        else ScalarKernels.fill(n, value, out, outOff);
    }

    /** out[i] = a[i] + value. Bit-identical on both paths. */
    public static void addScalar(int n, double value, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.addScalar(n, value, a, aOff, out, outOff);
        else ScalarKernels.addScalar(n, value, a, aOff, out, outOff);
    }

    // ---------------------------------------------------------------- row broadcasting

    /** Bias add: c[r, j] = c[r, j] + bias[j] for a rows × cols matrix c. Bit-identical on both paths. */
    public static void addRowVector(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff) {
        if (VECTOR) VectorKernels.addRowVector(rows, cols, bias, biasOff, c, cOff);
        else ScalarKernels.addRowVector(rows, cols, bias, biasOff, c, cOff);
    }

    /**
     * out[r, j] = a[r, j] · v[j] (each row scaled elementwise by the vector v).
     * Bit-identical on both paths.
     */
    public static void mulRowVector(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                                    double[] out, int outOff) {
        if (VECTOR) VectorKernels.mulRowVector(rows, cols, a, aOff, v, vOff, out, outOff);
        else ScalarKernels.mulRowVector(rows, cols, a, aOff, v, vOff, out, outOff);
    }

    /**
     * out[r, j] = out[r, j] + a[r, j] · v[j] (the gradient of a row-vector product with respect
     * to its matrix). Bit-identical on both paths.
     */
    public static void mulRowVectorAcc(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                                       double[] out, int outOff) {
        if (VECTOR) VectorKernels.mulRowVectorAcc(rows, cols, a, aOff, v, vOff, out, outOff);
        else ScalarKernels.mulRowVectorAcc(rows, cols, a, aOff, v, vOff, out, outOff);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Σ a[i] over [0, n). Scalar path: left to right. Vector path: lane-wise partial sums,
     * combined in a fixed order. Both: |result − exact| ≤ γ<sub>n−1</sub> · Σ|a[i]|, with
     * γ<sub>k</sub> = k·u / (1 − k·u), the bound for any summation order.
     */
    public static double sum(int n, double[] a, int aOff) {
        return VECTOR ? VectorKernels.sum(n, a, aOff) : ScalarKernels.sum(n, a, aOff);
    }

    /**
     * Σ a[i]·b[i], each product rounded, then summed as in {@link #sum}:
     * |result − exact| ≤ γ<sub>n</sub> · Σ|a[i]·b[i]|.
     */
    public static double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        return VECTOR ? VectorKernels.dot(n, a, aOff, b, bOff) : ScalarKernels.dot(n, a, aOff, b, bOff);
    }

    /**
     * max<sub>i</sub> |a[i] − b[i]| (0 for n = 0; NaN if any difference is NaN), each difference
     * rounded once. Bit-identical on both paths: max does not depend on order.
     */
    public static double maxAbsDiff(int n, double[] a, int aOff, double[] b, int bOff) {
        return VECTOR ? VectorKernels.maxAbsDiff(n, a, aOff, b, bOff) : ScalarKernels.maxAbsDiff(n, a, aOff, b, bOff);
    }

    /** Row sums: out[r] = Σ_j a[r, j] for a rows × cols matrix, each row summed as in {@link #sum}. */
    public static void rowSums(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.rowSums(rows, cols, a, aOff, out, outOff);
        else ScalarKernels.rowSums(rows, cols, a, aOff, out, outOff);
    }

    /**
     * Row sums accumulated: out[r] = out[r] + s<sub>r</sub>, where s<sub>r</sub> is the row sum
     * computed as in {@link #sum}, then added with one more rounding.
     */
    public static void rowSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.rowSumsAcc(rows, cols, a, aOff, out, outOff);
        else ScalarKernels.rowSumsAcc(rows, cols, a, aOff, out, outOff);
    }

    /**
     * Column sums accumulated: out[j] = (…((out[j] + a[0, j]) + a[1, j]) + …) + a[rows−1, j],
     * rows added in order (the bias gradient). Bit-identical on both paths.
     */
    public static void colSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.colSumsAcc(rows, cols, a, aOff, out, outOff);
        else ScalarKernels.colSumsAcc(rows, cols, a, aOff, out, outOff);
    }

    /**
     * Column dot products accumulated: out[j] = out[j] + Σ_r a[r, j]·b[r, j], for r = 0, 1, …
     * in order, each product rounded then added. Bit-identical on both paths.
     */
    public static void colDotAcc(int rows, int cols, double[] a, int aOff, double[] b, int bOff,
                                 double[] out, int outOff) {
        if (VECTOR) VectorKernels.colDotAcc(rows, cols, a, aOff, b, bOff, out, outOff);
        else ScalarKernels.colDotAcc(rows, cols, a, aOff, b, bOff, out, outOff);
    }

    /**
     * Row maxima: out[r] = max_j a[r, j] with {@code Math.max} semantics (NaN wins, +0 &gt; −0;
     * −∞ for cols = 0). Exact, bit-identical on both paths.
     */
    public static void rowMax(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.rowMax(rows, cols, a, aOff, out, outOff);
        else ScalarKernels.rowMax(rows, cols, a, aOff, out, outOff);
    }

    /**
     * Stable log-sum-exp of each row: out[r] = m + log Σ_j exp(a[r, j] − m), m = max_j a[r, j].
     * A row of all −∞ (or cols = 0) gives −∞; a row holding +∞ gives +∞ (unless it holds NaN);
     * a row holding NaN gives NaN. For finite rows, on both paths,
     * |out[r] − exact| ≤ (2·cols + 4 + |exact|) · u: the rounding of a[r, j] − m, exp within
     * 1 ulp, the sum, log within 1 ulp and the final add (the sum is ≥ 1, so it never
     * cancels, and the rounding of a term e<sup>d</sup> contributes at most |d|·e<sup>d</sup>·u
     * ≤ u/e).
     */
    public static void logSumExpRows(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.logSumExpRows(rows, cols, a, aOff, out, outOff);
        else ScalarKernels.logSumExpRows(rows, cols, a, aOff, out, outOff);
    }

    // ---------------------------------------------------------------- unary functions

    /**
     * out[i] = exp(a[i]), within 1 ulp of the exact value on both paths: {@code Math.exp} on the
     * scalar path; on the vector path a range reduction and degree-13 polynomial in IEEE
     * arithmetic (at most 0.94 ulp by its error analysis, in {@code VectorKernels}), which gives
     * the same bits in every JIT tier. exp(NaN) = NaN, exp(−∞) = 0, exp(+∞) = +∞; results
     * below 2^−1022 are subnormal (0 below about −745.13), above about 709.78 +∞.
     */
    public static void exp(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.exp(n, a, aOff, out, outOff);
        else ScalarKernels.exp(n, a, aOff, out, outOff);
    }

    /** out[i] = exp(a[i]) − 1, accurate for small a[i]: within 1 ulp (as {@code Math.expm1}). */
    public static void expm1(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR_MATH) VectorKernels.expm1(n, a, aOff, out, outOff);
        else ScalarKernels.expm1(n, a, aOff, out, outOff);
    }

    /** out[i] = log(a[i]), within 1 ulp (as {@code Math.log}). */
    public static void log(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR_MATH) VectorKernels.log(n, a, aOff, out, outOff);
        else ScalarKernels.log(n, a, aOff, out, outOff);
    }

    /** out[i] = log(1 + a[i]), accurate for small a[i]: within 1 ulp (as {@code Math.log1p}). */
    public static void log1p(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR_MATH) VectorKernels.log1p(n, a, aOff, out, outOff);
        else ScalarKernels.log1p(n, a, aOff, out, outOff);
    }

    /**
     * out[i] = tanh(a[i]). Scalar path: {@code Math.tanh}, within 2.5 ulp. Vector path: within
     * 3 ulp (measured worst 2.58, near |a| = 0.21; see {@code VectorKernels.tanh}), tanh(±0) = ±0,
     * |out| ≤ 1, and the same bits in every JIT tier.
     */
    public static void tanh(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.tanh(n, a, aOff, out, outOff);
        else ScalarKernels.tanh(n, a, aOff, out, outOff);
    }

    /**
     * out[i] = σ(a[i]) = 1 / (1 + exp(−a[i])), computed as 1/(1 + e) for a ≥ 0 and e/(1 + e)
     * for a &lt; 0 with e = exp(−|a|) ≤ 1, so nothing overflows for any |a| (σ(−1e300) = 0,
     * σ(1e300) = 1). Relative error ≤ 5u, so within 5 ulp (exp 2u, the add, the division).
     */
    public static void sigmoid(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.sigmoid(n, a, aOff, out, outOff);
        else ScalarKernels.sigmoid(n, a, aOff, out, outOff);
    }

    /**
     * out[i] = softplus(a[i]) = log(1 + exp(a[i])), computed as max(a, 0) + log1p(exp(−|a|)):
     * no overflow, softplus(a) = a exactly once exp(−a) &lt; u/2, and for very negative a the
     * result is exp(a) (nonzero down to a ≈ −745, where exp(a) itself underflows). Relative
     * error ≤ 5u, so within 5 ulp (both terms are ≥ 0, so the final add cannot cancel). The
     * vector path computes log1p itself (see {@code VectorKernels.softplus}; measured worst
     * 1.6 ulp), with the same bits in every JIT tier.
     */
    public static void softplus(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.softplus(n, a, aOff, out, outOff);
        else ScalarKernels.softplus(n, a, aOff, out, outOff);
    }

    /**
     * ELU with α = 1: out[i] = a[i] for a[i] &gt; 0, expm1(a[i]) otherwise (NaN stays NaN).
     * Exact for positive a, within 1 ulp elsewhere.
     */
    public static void elu(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR_MATH) VectorKernels.elu(n, a, aOff, out, outOff);
        else ScalarKernels.elu(n, a, aOff, out, outOff);
    }

    /** out[i] = max(a[i], 0) with {@code Math.max} semantics (relu(−0) = +0, NaN stays NaN). Exact. */
    public static void relu(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.relu(n, a, aOff, out, outOff);
        else ScalarKernels.relu(n, a, aOff, out, outOff);
    }

    /** out[i] = a[i] · a[i]. Bit-identical on both paths. */
    public static void square(int n, double[] a, int aOff, double[] out, int outOff) {
        if (VECTOR) VectorKernels.square(n, a, aOff, out, outOff);
        else ScalarKernels.square(n, a, aOff, out, outOff);
    }

    /** Scalar σ(x), stable on both tails (the formula of {@link #sigmoid(int, double[], int, double[], int)}). */
    public static double sigmoid(double x) {
        return ScalarKernels.sigmoid(x);
    }

    /** Scalar softplus(x) = log(1 + eˣ), stable on both tails (the formula of the array version). */
    public static double softplus(double x) {
        return ScalarKernels.softplus(x);
    }

    // ---------------------------------------------------------------- derivatives (VJPs)

    /** dx[i] = dx[i] + dy[i] · (1 − y[i]·y[i]), where y = tanh(x). Bit-identical on both paths. */
    public static void tanhBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        if (VECTOR) VectorKernels.tanhBackwardAcc(n, y, yOff, dy, dyOff, dx, dxOff);
        else ScalarKernels.tanhBackwardAcc(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /** dx[i] = dx[i] + (dy[i] · y[i]) · (1 − y[i]), where y = σ(x). Bit-identical on both paths. */
    public static void sigmoidBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        if (VECTOR) VectorKernels.sigmoidBackwardAcc(n, y, yOff, dy, dyOff, dx, dxOff);
        else ScalarKernels.sigmoidBackwardAcc(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * dx[i] = dx[i] + dy[i] · σ(x[i]), the derivative of softplus at x. σ as in
     * {@link #sigmoid(int, double[], int, double[], int)} (within 5 ulp), then one multiply and
     * one add, each rounded.
     */
    public static void softplusBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        if (VECTOR) VectorKernels.softplusBackwardAcc(n, x, xOff, dy, dyOff, dx, dxOff);
        else ScalarKernels.softplusBackwardAcc(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * dx[i] = dx[i] + dy[i] where x[i] &gt; 0, unchanged elsewhere (the relu subgradient is 0 at 0
     * and at NaN). Bit-identical on both paths.
     */
    public static void reluBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        if (VECTOR) VectorKernels.reluBackwardAcc(n, x, xOff, dy, dyOff, dx, dxOff);
        else ScalarKernels.reluBackwardAcc(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * ELU backward: dx[i] = dx[i] + dy[i] · s, with s = 1 where x[i] &gt; 0 and s = y[i] + 1
     * (= eˣ, from the saved output y = elu(x)) elsewhere. Bit-identical on both paths.
     */
    public static void eluBackwardAcc(int n, double[] x, int xOff, double[] y, int yOff, double[] dy, int dyOff,
                                      double[] dx, int dxOff) {
        if (VECTOR) VectorKernels.eluBackwardAcc(n, x, xOff, y, yOff, dy, dyOff, dx, dxOff);
        else ScalarKernels.eluBackwardAcc(n, x, xOff, y, yOff, dy, dyOff, dx, dxOff);
    }
}
