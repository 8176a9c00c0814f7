package dev.elbo.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the {@link Kernels}. Loaded only when {@link VectorSupport#ENABLED}
 * is true: this is the one kernel class that names {@code jdk.incubator.vector} types.
 *
 * <p>Shapes of the loops:
 * <ul>
 * <li>Arithmetic kernels run whole vectors up to {@code S.loopBound(n)}, then a scalar tail
 *     that is the {@link ScalarKernels} loop body; lanewise add/sub/mul/div/max are IEEE
 *     operations like their scalar forms, so results are bit-identical to the scalar
 *     definition. No fused multiply-add: {@code a·b + c} is rounded twice, as in Java.
 * <li>exp uses a range reduction and polynomial in IEEE arithmetic only, so the same bits
 *     in every JIT tier. It is written out in the exp kernel's loop; sigmoid, softplus, the
 *     softplus derivative, log-sum-exp and the fused Bernoulli kernels run that kernel on
 *     blocks in a scratch buffer and finish with IEEE vector arithmetic (softplus with a log1p
 *     of its own). tanh repeats exp's steps in a loop of its own. Each has a scalar twin that does
 *     the same operations on one double for the tail, so an element's bits do not depend on
 *     its position in the array.
 * <li>The other transcendental kernels (log, log1p, expm1, elu) use the
 *     lanewise operators (SVML on x86-64). Caution, measured on JDK 17 and 25: before C2
 *     compiles a kernel, the Vector API computes these operators lane by lane with
 *     {@code Math.*}, afterwards with SVML; the two differ in the last bit for a few percent
 *     of inputs (both within {@code Math}'s ulp bound). So their bits depend on JIT timing,
 *     and {@link Kernels} uses them only on request ({@code -Delbo.vectorMath=true}).
 * <li>The lanewise transcendental kernels handle the tail with one masked vector step; the
 *     IEEE ones with their scalar twins. Either way every element gets the same function.
 * <li>Reductions keep one or two vector accumulators, add their lanes in lane order (never
 *     {@code reduceLanes(ADD)}, whose order the JIT may change), then the tail left to right.
 *     The order depends only on {@code n} and the vector width, so results are deterministic.
 * </ul>
 *
 * <p>No method here passes a vector to or returns one from a method of ours: only JDK Vector
 * API methods (which C2 inlines by force) touch vectors. C2 decides per compilation whether
 * to inline our own helpers (size budgets, profiles, what was compiled first), and a helper
 * it leaves out boxes its vectors: the kernel then allocates on every call, sometimes, on
 * some JDKs. For the same reason the loops take no scalar operands in the hot kernels
 * ({@code v.add(1.0)}, {@code v.compare(LT, 0.0)}): the Vector API turns each into a broadcast
 * and a lanewise call a few levels deeper, which can pass C2's inlining depth limit when the
 * kernel is inlined into a deep caller; the constants are vectors made before the loop.
 * {@code KernelAllocationTest} checks that no kernel allocates once compiled.
 */
final class VectorKernels {
    private VectorKernels() {}

    /** The widest double vector the CPU supports (8 lanes with AVX-512, 4 with AVX2, 2 with NEON). */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Longs in vectors of the same shape, for exp's exponent bits. */
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());

    /**
     * Kernels that need e^x inside a larger formula run the exp kernel on blocks of this many
     * elements in a per-thread scratch buffer (a multiple of every vector length), then finish
     * with vector arithmetic: the exp is written out in one loop only (see the exp kernel).
     */
    private static final int BLOCK = 256;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[BLOCK]);

    // ---------------------------------------------------------------- binary elementwise

    static void add(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).add(DoubleVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    static void sub(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).sub(DoubleVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    static void mul(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    static void mulAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, out, outOff + i).add(DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] += a[aOff + i] * b[bOff + i];
    }

    static void div(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).div(DoubleVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    static void divAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, out, outOff + i).add(DoubleVector.fromArray(S, a, aOff + i).div(DoubleVector.fromArray(S, b, bOff + i))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] += a[aOff + i] / b[bOff + i];
    }

    static void scale(int n, double alpha, double[] a, int aOff, double[] out, int outOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            va.mul(DoubleVector.fromArray(S, a, aOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = alpha * a[aOff + i];
    }

    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, y, yOff + i).add(va.mul(DoubleVector.fromArray(S, x, xOff + i))).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /**
     * {@link AdamKernel}'s update over entries [from, to): the operations of
     * {@link AdamKernel#scalar} lane by lane, in the same order, so the same bits; the tail
     * runs the scalar loop itself.
     */
    static void adam(int from, int to, double[] theta, double[] g, double[] m, double[] v, double beta1,
                     double beta2, double epsilon, double weightDecay, double correction1, double correction2,
                     double lr) {
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        DoubleVector b1 = DoubleVector.broadcast(S, beta1), b2 = DoubleVector.broadcast(S, beta2);
        DoubleVector c1 = DoubleVector.broadcast(S, oneMinusBeta1), c2 = DoubleVector.broadcast(S, oneMinusBeta2);
        DoubleVector k1 = DoubleVector.broadcast(S, correction1), k2 = DoubleVector.broadcast(S, correction2);
        DoubleVector eps = DoubleVector.broadcast(S, epsilon), wd = DoubleVector.broadcast(S, weightDecay);
        DoubleVector rate = DoubleVector.broadcast(S, lr);
        int i = from;
        for (int ub = from + S.loopBound(to - from); i < ub; i += L) {
            DoubleVector gi = DoubleVector.fromArray(S, g, i);
            DoubleVector mi = b1.mul(DoubleVector.fromArray(S, m, i)).add(c1.mul(gi));
            DoubleVector vi = b2.mul(DoubleVector.fromArray(S, v, i)).add(c2.mul(gi).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            DoubleVector t = DoubleVector.fromArray(S, theta, i);
            DoubleVector stepDir = mi.div(k1).div(vi.div(k2).sqrt().add(eps)).add(wd.mul(t));
            t.sub(rate.mul(stepDir)).intoArray(theta, i);
        }
        AdamKernel.scalar(i, to, theta, g, m, v, beta1, beta2, epsilon, weightDecay, correction1, correction2, lr);
    }

    static void fill(int n, double value, double[] out, int outOff) {
        DoubleVector v = DoubleVector.broadcast(S, value);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) v.intoArray(out, outOff + i);
        for (; i < n; i++) out[outOff + i] = value;
    }

    static void addScalar(int n, double value, double[] a, int aOff, double[] out, int outOff) {
        DoubleVector v = DoubleVector.broadcast(S, value);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).add(v).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + value;
    }

    // ---------------------------------------------------------------- row broadcasting

    static void addRowVector(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff) {
        for (int r = 0; r < rows; r++) add(cols, c, cOff + r * cols, bias, biasOff, c, cOff + r * cols);
    }

    static void mulRowVector(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                             double[] out, int outOff) {
        for (int r = 0; r < rows; r++) mul(cols, a, aOff + r * cols, v, vOff, out, outOff + r * cols);
    }

    static void mulRowVectorAcc(int rows, int cols, double[] a, int aOff, double[] v, int vOff,
                                double[] out, int outOff) {
        for (int r = 0; r < rows; r++) mulAcc(cols, a, aOff + r * cols, v, vOff, out, outOff + r * cols);
    }

    // ---------------------------------------------------------------- reductions

    static double sum(int n, double[] a, int aOff) {
        DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
        int i = 0;
        for (int ub = n - n % (2 * L); i < ub; i += 2 * L) {
            acc0 = acc0.add(DoubleVector.fromArray(S, a, aOff + i));
            acc1 = acc1.add(DoubleVector.fromArray(S, a, aOff + i + L));
        }
        if (i < S.loopBound(n)) {
            acc0 = acc0.add(DoubleVector.fromArray(S, a, aOff + i));
            i += L;
        }
        DoubleVector total = acc0.add(acc1);
        double s = 0;
        for (int k = 0; k < L; k++) s += total.lane(k); // lane order: fixed
        for (; i < n; i++) s += a[aOff + i];
        return s;
    }

    static double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
        int i = 0;
        for (int ub = n - n % (2 * L); i < ub; i += 2 * L) {
            acc0 = acc0.add(DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i)));
            acc1 = acc1.add(DoubleVector.fromArray(S, a, aOff + i + L).mul(DoubleVector.fromArray(S, b, bOff + i + L)));
        }
        if (i < S.loopBound(n)) {
            acc0 = acc0.add(DoubleVector.fromArray(S, a, aOff + i).mul(DoubleVector.fromArray(S, b, bOff + i)));
            i += L;
        }
        DoubleVector total = acc0.add(acc1);
        double s = 0;
        for (int k = 0; k < L; k++) s += total.lane(k); // lane order: fixed
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    static double maxAbsDiff(int n, double[] a, int aOff, double[] b, int bOff) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            acc = acc.max(DoubleVector.fromArray(S, a, aOff + i).sub(DoubleVector.fromArray(S, b, bOff + i)).abs());
        }
        double m = 0.0;
        for (int k = 0; k < L; k++) m = Math.max(m, acc.lane(k));
        for (; i < n; i++) m = Math.max(m, Math.abs(a[aOff + i] - b[bOff + i]));
        return m;
    }

    static void rowSums(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = sum(cols, a, aOff + r * cols);
    }

    static void rowSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] += sum(cols, a, aOff + r * cols);
    }

    static void colSumsAcc(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) add(cols, out, outOff, a, aOff + r * cols, out, outOff);
    }

    static void colDotAcc(int rows, int cols, double[] a, int aOff, double[] b, int bOff,
                          double[] out, int outOff) {
        for (int r = 0; r < rows; r++) mulAcc(cols, a, aOff + r * cols, b, bOff + r * cols, out, outOff);
    }

    private static double max(int n, double[] a, int aOff) {
        DoubleVector acc = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) acc = acc.max(DoubleVector.fromArray(S, a, aOff + i));
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < L; k++) m = Math.max(m, acc.lane(k));
        for (; i < n; i++) m = Math.max(m, a[aOff + i]);
        return m;
    }

    static void rowMax(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) out[outOff + r] = max(cols, a, aOff + r * cols);
    }

    static void logSumExpRows(int rows, int cols, double[] a, int aOff, double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = aOff + r * cols;
            double m = max(cols, a, base);
            if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                out[outOff + r] = m;
                continue;
            }
            out[outOff + r] = m + Math.log(sumExpShifted(cols, a, base, m));
        }
    }

    /**
     * Σ_j exp(a[j] − m): blocks of a − m go through the exp kernel in a scratch buffer and the
     * sum kernel, block sums added in order. The order depends on n and the vector width only.
     */
    private static double sumExpShifted(int n, double[] a, int off, double m) {
        double[] tmp = SCRATCH.get();
        double s = 0;
        for (int j = 0; j < n; j += BLOCK) {
            int b = Math.min(BLOCK, n - j);
            addScalar(b, -m, a, off + j, tmp, 0);
            exp(b, tmp, 0, tmp, 0);
            s += sum(b, tmp, 0);
        }
        return s;
    }

    // ---------------------------------------------------------------- unary functions

    // The functions below are written once on vectors; each kernel runs one over whole vectors
    // and then a masked last vector. Every kernel spells its loop out, so the operator is a
    // constant the JIT can intrinsify (an operator passed as an argument is not).

    // exp written with IEEE arithmetic only (+, ×, fused multiply-add, bit operations). Every one
    // of these gives the same bits in the interpreter, C1 and C2, unlike the lanewise EXP
    // operator (Math.exp lane by lane until C2 compiles, SVML after): so exp, sigmoid and
    // log-sum-exp stay vectorized without giving up reproducibility.
    //
    // e^x = 2^k · e^r with k = rint(x / ln 2) and r = x − k·ln 2, |r| ≤ ln 2 / 2 ≈ 0.347:
    // - k·LN2_HI is exact (LN2_HI has 21 trailing zero bits, |k| ≤ 1076) and x − k·LN2_HI is
    //   exact (Sterbenz), so r carries one rounding, from the fma with LN2_LO: at most
    //   ulp(r)/2 ≤ 2^-55 (|r| < 1/2), a relative error of e^r of that size.
    // - e^r = 1 + r·(1 + r·(1/2 + …)): Taylor of degree 13 in Horner form with fma, one rounding
    //   a step; the truncation error r^14/14! ≤ 4.3e-18 is below 0.04 ulp.
    // - 2^k is built from exponent bits as 2^k1 · 2^k2 (k1 = k >> 1, k2 = k − k1, both normal),
    //   so the one rounding of the last product also handles the subnormal range and overflow.
    // Error, in ulps of e^r (and so of e^x): the last Horner step 0.5, r times the error of the
    // step before ≤ 0.21, the rounding of r ≤ 0.2 (e^r·2^-55 against ulp 2^-53 below 1 and
    // 2^-52 above), coefficients and truncation ≤ 0.03: at most 0.94 ulp. The tests require ≤ 1 ulp; measured 0.88 ulp at
    // worst on 245,000 inputs.
    // x is clamped to [−746, 710] first: e^−746 rounds to 0 and e^710 to ∞; NaN stays NaN.
    private static final double LN2_HI = 0x1.62e42fee00000p-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    /** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer, in the low bits. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /** 1/k! for k = 13 down to 2, rounded to double. */
    private static final double[] EXP_TAYLOR = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
        1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5,
    };
    private static final double C13 = EXP_TAYLOR[0], C12 = EXP_TAYLOR[1], C11 = EXP_TAYLOR[2], C10 = EXP_TAYLOR[3],
            C9 = EXP_TAYLOR[4], C8 = EXP_TAYLOR[5], C7 = EXP_TAYLOR[6], C6 = EXP_TAYLOR[7], C5 = EXP_TAYLOR[8],
            C4 = EXP_TAYLOR[9], C3 = EXP_TAYLOR[10], C2 = EXP_TAYLOR[11];

    /** Σ_{k=2}^{13} r^{k−2}/k! by Horner with one fma a step, as the vector loops compute it. */
    private static double taylorFromC2(double r) {
        double p = Math.fma(r, C13, C12);
        p = Math.fma(p, r, C11);
        p = Math.fma(p, r, C10);
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        return p;
    }

    /**
     * The vector exp's steps on one double, operation for operation, so an element of a tail
     * gets exactly the bits a vector lane would.
     */
    static double exp(double x) {
        double xc = Math.min(Math.max(x, -746.0), 710.0);
        double t = Math.fma(xc, INV_LN2, SHIFTER);
        double kd = t - SHIFTER;
        double r = Math.fma(-kd, LN2_HI, xc);
        r = Math.fma(-kd, LN2_LO, r);
        double p = taylorFromC2(r);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        long k = Double.doubleToRawLongBits(t) - SHIFTER_BITS;
        long k1 = k >> 1;
        long k2 = k - k1;
        double s1 = Double.longBitsToDouble((k1 + 1023) << 52);
        double s2 = Double.longBitsToDouble((k2 + 1023) << 52);
        return p * s1 * s2;
    }

    /**
     * The vector exp, written out in this one loop on purpose. As a helper taking and returning
     * vectors it was inlined by C2 into some callers and not others (its size is near C2's
     * limits, and whether a helper compiled on its own first is inlined depends on timing); a
     * call that is not inlined boxes its vectors, so kernels allocated in the steady state.
     * Kernels that need e^x elsewhere call this kernel on arrays, or the scalar twin
     * {@link #exp(double)}. The one exception is tanh, whose first stage repeats the reduction
     * and polynomial in a loop of its own: it needs e^r − 1 before the scaling by 2^k, which
     * cannot be had from e^x without cancelling near 0. Only JDK methods (inlined by force) are
     * called inside the loop.
     */
    static void exp(int n, double[] a, int aOff, double[] out, int outOff) {
        // Every operand is a vector made here, outside the loop: an operation with a scalar
        // operand (v.add(1023), v.max(-746.0)) runs the Vector API's broadcast-then-lanewise
        // chain, a few calls deeper, and when this kernel is inlined into a deep caller C2 can
        // reach its inlining depth limit there and leave the vectors boxed (allocating).
        DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI), ln2Lo = DoubleVector.broadcast(S, LN2_LO);
        DoubleVector lowest = DoubleVector.broadcast(S, -746.0), highest = DoubleVector.broadcast(S, 710.0);
        DoubleVector invLn2 = DoubleVector.broadcast(S, INV_LN2), shifter = DoubleVector.broadcast(S, SHIFTER);
        DoubleVector c13 = DoubleVector.broadcast(S, C13), c12 = DoubleVector.broadcast(S, C12);
        DoubleVector c11 = DoubleVector.broadcast(S, C11), c10 = DoubleVector.broadcast(S, C10);
        DoubleVector c9 = DoubleVector.broadcast(S, C9), c8 = DoubleVector.broadcast(S, C8);
        DoubleVector c7 = DoubleVector.broadcast(S, C7), c6 = DoubleVector.broadcast(S, C6);
        DoubleVector c5 = DoubleVector.broadcast(S, C5), c4 = DoubleVector.broadcast(S, C4);
        DoubleVector c3 = DoubleVector.broadcast(S, C3), c2 = DoubleVector.broadcast(S, C2);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        LongVector shifterBits = LongVector.broadcast(LS, SHIFTER_BITS), bias = LongVector.broadcast(LS, 1023L);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector xc = DoubleVector.fromArray(S, a, aOff + i).max(lowest).min(highest);
            DoubleVector t = xc.fma(invLn2, shifter);
            DoubleVector kd = t.sub(shifter);
            DoubleVector r = kd.neg().fma(ln2Hi, xc);  // exact
            r = kd.neg().fma(ln2Lo, r);                // one rounding
            DoubleVector p = r.fma(c13, c12);          // Horner, one rounding a step
            p = p.fma(r, c11);
            p = p.fma(r, c10);
            p = p.fma(r, c9);
            p = p.fma(r, c8);
            p = p.fma(r, c7);
            p = p.fma(r, c6);
            p = p.fma(r, c5);
            p = p.fma(r, c4);
            p = p.fma(r, c3);
            p = p.fma(r, c2);
            p = p.fma(r, one);
            p = p.fma(r, one);
            LongVector k = t.viewAsIntegralLanes().sub(shifterBits);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = k.sub(k1);
            DoubleVector s1 = k1.add(bias).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector s2 = k2.add(bias).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            p.mul(s1).mul(s2).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = exp(a[aOff + i]);
    }

    static void expm1(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).lanewise(VectorOperators.EXPM1).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector.fromArray(S, a, aOff + i, m).lanewise(VectorOperators.EXPM1).intoArray(out, outOff + i, m);
        }
    }

    static void log(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).lanewise(VectorOperators.LOG).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector.fromArray(S, a, aOff + i, m).lanewise(VectorOperators.LOG).intoArray(out, outOff + i, m);
        }
    }

    static void log1p(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).lanewise(VectorOperators.LOG1P).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector.fromArray(S, a, aOff + i, m).lanewise(VectorOperators.LOG1P).intoArray(out, outOff + i, m);
        }
    }

    // tanh from the same range reduction and polynomial as exp, in IEEE arithmetic only (so the
    // same bits in every JIT tier, and a tail element gets a lane's bits through the scalar twin):
    //   tanh|x| = E / (E + 2),  E = e^{2|x|} − 1,  sign copied from x.
    // E = 2^k·(e^r − 1) + (2^k − 1) with y = 2|x| = k·ln 2 + r. For k = 0 (|x| < 0.17) r = y
    // exactly and e^r − 1 = r + (r·P(r))·r keeps full relative accuracy near 0, where 1 − 2/(e^y+1)
    // would cancel. The other terms are exact (2^k scaling; 2^k − 1 for k ≤ 53), so E carries
    // about 1 ulp; E/(E + 2) damps that error by 2/(E + 2) ≤ 1 and adds two roundings. Worst
    // where k = 1 and e^r − 1 < 0 (|x| ≈ 0.2, E ≈ 0.5): 2·(e^r − 1) + 1 loses a bit to
    // cancellation, measured 2.58 ulp at most over 2·10⁶ points there; the stated bound is 3.
    // Compensating the rounding of E and of E + 2 would bring it near 1 ulp for about nine more
    // operations and a second division, a cost not worth paying in the VAE's hottest kernel.
    // |x| is clamped to 20 first: tanh(20) rounds to 1, and E stays finite. NaN stays NaN.
    private static final double TANH_CLAMP = 20.0;
    private static final long SIGN_BIT = 0x8000000000000000L;

    /** E = e^{2·min(|x|, 20)} − 1, the vector loop's steps on one double. */
    private static double expm1OfTwiceAbs(double x) {
        double y = Math.min(Math.abs(x), TANH_CLAMP);
        y = y + y;
        double t = Math.fma(y, INV_LN2, SHIFTER);
        double kd = t - SHIFTER;
        double r = Math.fma(-kd, LN2_HI, y);
        r = Math.fma(-kd, LN2_LO, r);
        double p = taylorFromC2(r);
        double em1r = Math.fma(p * r, r, r);
        long k = Double.doubleToRawLongBits(t) - SHIFTER_BITS;
        double s = Double.longBitsToDouble((k + 1023) << 52);
        return Math.fma(s, em1r, s - 1.0);
    }

    /** tanh(x) from E = expm1OfTwiceAbs(x), as the vector loop finishes it. */
    private static double tanhFrom(double x, double e) {
        double th = e / (e + 2.0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(th) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    }

    /**
     * e[i] = E for a[aOff + i], i in [0, n), n ≤ BLOCK. A loop of its own for the reason given
     * at {@link #log1pOfUnit(int, double[])}.
     */
    private static void expm1OfTwiceAbs(int n, double[] a, int aOff, double[] e) {
        DoubleVector clamp = DoubleVector.broadcast(S, TANH_CLAMP);
        DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI), ln2Lo = DoubleVector.broadcast(S, LN2_LO);
        DoubleVector invLn2 = DoubleVector.broadcast(S, INV_LN2), shifter = DoubleVector.broadcast(S, SHIFTER);
        DoubleVector c13 = DoubleVector.broadcast(S, C13), c12 = DoubleVector.broadcast(S, C12);
        DoubleVector c11 = DoubleVector.broadcast(S, C11), c10 = DoubleVector.broadcast(S, C10);
        DoubleVector c9 = DoubleVector.broadcast(S, C9), c8 = DoubleVector.broadcast(S, C8);
        DoubleVector c7 = DoubleVector.broadcast(S, C7), c6 = DoubleVector.broadcast(S, C6);
        DoubleVector c5 = DoubleVector.broadcast(S, C5), c4 = DoubleVector.broadcast(S, C4);
        DoubleVector c3 = DoubleVector.broadcast(S, C3), c2 = DoubleVector.broadcast(S, C2);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        LongVector shifterBits = LongVector.broadcast(LS, SHIFTER_BITS), bias = LongVector.broadcast(LS, 1023L);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, a, aOff + i).abs().min(clamp);
            y = y.add(y);
            DoubleVector t = y.fma(invLn2, shifter);
            DoubleVector kd = t.sub(shifter);
            DoubleVector r = kd.neg().fma(ln2Hi, y);
            r = kd.neg().fma(ln2Lo, r);
            DoubleVector p = r.fma(c13, c12);
            p = p.fma(r, c11);
            p = p.fma(r, c10);
            p = p.fma(r, c9);
            p = p.fma(r, c8);
            p = p.fma(r, c7);
            p = p.fma(r, c6);
            p = p.fma(r, c5);
            p = p.fma(r, c4);
            p = p.fma(r, c3);
            p = p.fma(r, c2);
            DoubleVector em1r = p.mul(r).fma(r, r);
            LongVector k = t.viewAsIntegralLanes().sub(shifterBits);
            DoubleVector s = k.add(bias).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            s.fma(em1r, s.sub(one)).intoArray(e, i);
        }
        for (; i < n; i++) e[i] = expm1OfTwiceAbs(a[aOff + i]);
    }

    /** Element by element, so out may alias a: E in blocks in scratch, then E/(E + 2) with x's sign. */
    static void tanh(int n, double[] a, int aOff, double[] out, int outOff) {
        double[] e = SCRATCH.get();
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        LongVector signBit = LongVector.broadcast(LS, SIGN_BIT);
        for (int j = 0; j < n; j += BLOCK) {
            int b = Math.min(BLOCK, n - j);
            expm1OfTwiceAbs(b, a, aOff + j, e);
            int i = 0;
            for (int ub = S.loopBound(b); i < ub; i += L) {
                DoubleVector ev = DoubleVector.fromArray(S, e, i);
                LongVector sign = DoubleVector.fromArray(S, a, aOff + j + i).viewAsIntegralLanes().and(signBit);
                ev.div(ev.add(two)).viewAsIntegralLanes().or(sign).viewAsFloatingLanes().intoArray(out, outOff + j + i);
            }
            for (; i < b; i++) out[outOff + j + i] = tanhFrom(a[aOff + j + i], e[i]);
        }
    }

    /**
     * σ(x) with e = e^−|x| ≤ 1 from the exp kernel (on blocks, in scratch): 1/(1 + e) for x ≥ 0
     * and e/(1 + e) for x &lt; 0, so nothing overflows and tiny results keep their digits.
     * Element by element, so out may alias a.
     */
    static void sigmoid(int n, double[] a, int aOff, double[] out, int outOff) {
        double[] e = SCRATCH.get();
        DoubleVector one = DoubleVector.broadcast(S, 1.0), zero = DoubleVector.zero(S);
        for (int j = 0; j < n; j += BLOCK) {
            int b = Math.min(BLOCK, n - j);
            expOfMinusAbs(b, a, aOff + j, e);
            int i = 0;
            for (int ub = S.loopBound(b); i < ub; i += L) {
                DoubleVector x = DoubleVector.fromArray(S, a, aOff + j + i);
                DoubleVector ev = DoubleVector.fromArray(S, e, i), d = ev.add(one);
                one.div(d).blend(ev.div(d), x.compare(VectorOperators.LT, zero)).intoArray(out, outOff + j + i);
            }
            for (; i < b; i++) out[outOff + j + i] = sigmoidFrom(a[aOff + j + i], e[i]);
        }
    }

    /** e[i] = exp(−|a[i]|) for i in [0, n), n ≤ BLOCK. */
    private static void expOfMinusAbs(int n, double[] a, int aOff, double[] e) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).abs().neg().intoArray(e, i);
        }
        for (; i < n; i++) e[i] = -Math.abs(a[aOff + i]);
        exp(n, e, 0, e, 0);
    }

    /** σ(x) from e = exp(−|x|), as the vector loops compute it. */
    private static double sigmoidFrom(double x, double e) {
        double d = e + 1.0;
        return x < 0.0 ? e / d : 1.0 / d;
    }

    // softplus(x) = max(x, 0) + log1p(e), e = e^−|x| ∈ [0, 1] from the exp kernel (in blocks, in
    // scratch), log1p in IEEE arithmetic only, so the same bits in every JIT tier:
    // - u = 1 + e is rounded; its rounding error e − (u − 1) is exact (u − 1 is exact by
    //   Sterbenz, and the error of a sum of two doubles is a double), and log(1 + e) =
    //   log u + c with c = (e − (u − 1))/u to far below an ulp. This keeps tiny e: softplus(−740)
    //   is e^−740 (subnormal), not 0.
    // - u = 2^k·m with k = 1 when u ≥ √2, else 0, so m ∈ [√2/2, √2) and f = m − 1 ∈ [−0.293,
    //   0.414) is exact.
    // - log(1 + f) = f − h + s·(h + T) with h = f²/2, s = f/(2 + f) and T = 2s²/3 + 2s⁴/5 + … +
    //   2s²⁰/21 (log(1+f) = 2·atanh s; s² ≤ 0.0295, so the first term left out is below 2^−59 of
    //   the result). The leading f − h carries no error from s, whose two roundings reach only
    //   the small last term.
    // - log1p(e) = k·LN2_HI + (f − (h − (s·(h + T) + (c + k·LN2_LO)))), k·LN2_HI exact.
    // Error: e within 0.94 ulp (it moves log1p(e) by at most as much relatively), the log1p
    // steps about 1 ulp, the final add of two non-negative terms 0.5 ulp.
    private static final double SQRT2 = 1.4142135623730951;
    /** 2/(2j + 1) for j = 10 down to 1: the series of 2·atanh(s)/s − 2 in s². */
    private static final double T10 = 2.0 / 21, T9 = 2.0 / 19, T8 = 2.0 / 17, T7 = 2.0 / 15, T6 = 2.0 / 13,
            T5 = 2.0 / 11, T4 = 2.0 / 9, T3 = 2.0 / 7, T2 = 2.0 / 5, T1 = 2.0 / 3;

    /** log1p(e) for e in [0, 1], the vector loop's steps on one double. */
    private static double log1pOfUnit(double e) {
        double u = e + 1.0;
        double c = (e - (u - 1.0)) / u;
        boolean big = u >= SQRT2;
        double m = big ? u * 0.5 : u;
        double kHi = big ? LN2_HI : 0.0, kLo = big ? LN2_LO : 0.0;
        double f = m - 1.0;
        double s = f / (f + 2.0);
        double s2 = s * s;
        double p = Math.fma(s2, T10, T9);
        p = Math.fma(p, s2, T8);
        p = Math.fma(p, s2, T7);
        p = Math.fma(p, s2, T6);
        p = Math.fma(p, s2, T5);
        p = Math.fma(p, s2, T4);
        p = Math.fma(p, s2, T3);
        p = Math.fma(p, s2, T2);
        p = Math.fma(p, s2, T1);
        double tt = p * s2;
        double h = 0.5 * f * f;
        double lo = Math.fma(s, h + tt, c + kLo);
        return kHi + (f - (h - lo));
    }

    /**
     * e[i] = log1p(e[i]) in place for e[i] in [0, 1], i in [0, n). A loop of its own, apart
     * from the exp before it and the add after it: C2 compiles a method within a budget of IR
     * nodes, each Vector API call costs dozens before they fold, and a kernel that overruns it
     * leaves some calls out of line, whose vectors then get boxed (measured on JDK 17: one
     * allocation per vector, in some compilations and not others, when this loop shared one
     * method with the rest of softplus).
     */
    private static void log1pOfUnit(int n, double[] e) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0), two = DoubleVector.broadcast(S, 2.0);
        DoubleVector half = DoubleVector.broadcast(S, 0.5), sqrt2 = DoubleVector.broadcast(S, SQRT2);
        DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI), ln2Lo = DoubleVector.broadcast(S, LN2_LO);
        DoubleVector t10 = DoubleVector.broadcast(S, T10), t9 = DoubleVector.broadcast(S, T9);
        DoubleVector t8 = DoubleVector.broadcast(S, T8), t7 = DoubleVector.broadcast(S, T7);
        DoubleVector t6 = DoubleVector.broadcast(S, T6), t5 = DoubleVector.broadcast(S, T5);
        DoubleVector t4 = DoubleVector.broadcast(S, T4), t3 = DoubleVector.broadcast(S, T3);
        DoubleVector t2 = DoubleVector.broadcast(S, T2), t1 = DoubleVector.broadcast(S, T1);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector ev = DoubleVector.fromArray(S, e, i);
            DoubleVector u = ev.add(one);
            DoubleVector c = ev.sub(u.sub(one)).div(u);
            VectorMask<Double> big = u.compare(VectorOperators.GE, sqrt2);
            DoubleVector m = u.blend(u.mul(half), big);
            DoubleVector kHi = zero.blend(ln2Hi, big), kLo = zero.blend(ln2Lo, big);
            DoubleVector f = m.sub(one);
            DoubleVector s = f.div(f.add(two));
            DoubleVector s2 = s.mul(s);
            DoubleVector p = s2.fma(t10, t9);
            p = p.fma(s2, t8);
            p = p.fma(s2, t7);
            p = p.fma(s2, t6);
            p = p.fma(s2, t5);
            p = p.fma(s2, t4);
            p = p.fma(s2, t3);
            p = p.fma(s2, t2);
            p = p.fma(s2, t1);
            DoubleVector tt = p.mul(s2);
            DoubleVector h = half.mul(f).mul(f);
            DoubleVector lo = s.fma(h.add(tt), c.add(kLo));
            kHi.add(f.sub(h.sub(lo))).intoArray(e, i);
        }
        for (; i < n; i++) e[i] = log1pOfUnit(e[i]);
    }

    /** Element by element, so out may alias a: exp(−|a|), log1p of it, then max(a, 0) + that. */
    static void softplus(int n, double[] a, int aOff, double[] out, int outOff) {
        double[] e = SCRATCH.get();
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < n; j += BLOCK) {
            int b = Math.min(BLOCK, n - j);
            expOfMinusAbs(b, a, aOff + j, e);
            log1pOfUnit(b, e);
            int i = 0;
            for (int ub = S.loopBound(b); i < ub; i += L) {
                DoubleVector.fromArray(S, a, aOff + j + i).max(zero).add(DoubleVector.fromArray(S, e, i))
                        .intoArray(out, outOff + j + i);
            }
            for (; i < b; i++) out[outOff + j + i] = Math.max(a[aOff + j + i], 0.0) + e[i];
        }
    }

    static void elu(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, aOff + i);
            x.lanewise(VectorOperators.EXPM1).blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector x = DoubleVector.fromArray(S, a, aOff + i, m);
            x.lanewise(VectorOperators.EXPM1).blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(out, outOff + i, m);
        }
    }

    static void relu(int n, double[] a, int aOff, double[] out, int outOff) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector.fromArray(S, a, aOff + i).max(zero).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0.0);
    }

    static void square(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, aOff + i);
            x.mul(x).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * a[aOff + i];
    }

    // ---------------------------------------------------------------- derivatives (VJPs)

    static void tanhBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector t = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector slope = DoubleVector.broadcast(S, 1.0).sub(t.mul(t));
            DoubleVector.fromArray(S, dx, dxOff + i).add(DoubleVector.fromArray(S, dy, dyOff + i).mul(slope)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double t = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1.0 - t * t);
        }
    }

    static void sigmoidBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector s = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector g = DoubleVector.fromArray(S, dy, dyOff + i).mul(s).mul(DoubleVector.broadcast(S, 1.0).sub(s));
            DoubleVector.fromArray(S, dx, dxOff + i).add(g).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double s = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * s * (1.0 - s);
        }
    }

    /** dx += dy·σ(x), σ as in {@link #sigmoid(int, double[], int, double[], int)}. */
    static void softplusBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        double[] e = SCRATCH.get();
        DoubleVector one = DoubleVector.broadcast(S, 1.0), zero = DoubleVector.zero(S);
        for (int j = 0; j < n; j += BLOCK) {
            int b = Math.min(BLOCK, n - j);
            expOfMinusAbs(b, x, xOff + j, e);
            int i = 0;
            for (int ub = S.loopBound(b); i < ub; i += L) {
                int k = j + i;
                DoubleVector ev = DoubleVector.fromArray(S, e, i), d = ev.add(one);
                DoubleVector s = one.div(d).blend(ev.div(d), DoubleVector.fromArray(S, x, xOff + k).compare(VectorOperators.LT, zero));
                DoubleVector.fromArray(S, dx, dxOff + k).add(DoubleVector.fromArray(S, dy, dyOff + k).mul(s))
                        .intoArray(dx, dxOff + k);
            }
            for (; i < b; i++) dx[dxOff + j + i] += dy[dyOff + j + i] * sigmoidFrom(x[xOff + j + i], e[i]);
        }
    }

    static void reluBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Double> pos = DoubleVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, zero);
            DoubleVector.fromArray(S, dx, dxOff + i).add(DoubleVector.fromArray(S, dy, dyOff + i), pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) if (x[xOff + i] > 0) dx[dxOff + i] += dy[dyOff + i];
    }

    static void eluBackwardAcc(int n, double[] x, int xOff, double[] y, int yOff, double[] dy, int dyOff,
                               double[] dx, int dxOff) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0), zero = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Double> pos = DoubleVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, zero);
            DoubleVector slope = DoubleVector.fromArray(S, y, yOff + i).add(one).blend(one, pos);
            DoubleVector.fromArray(S, dx, dxOff + i).add(DoubleVector.fromArray(S, dy, dyOff + i).mul(slope)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double slope = x[xOff + i] > 0 ? 1.0 : y[yOff + i] + 1.0;
            dx[dxOff + i] += dy[dyOff + i] * slope;
        }
    }

    // ---------------------------------------------------------------- fused log-likelihoods

    /** A per-thread buffer of at least n doubles, for one row of a fused kernel; grows, never shrinks. */
    private static double[] rowScratch(int n) {
        double[][] holder = ROW.get();
        if (holder[0].length < n) holder[0] = new double[n];
        return holder[0];
    }

    private static final ThreadLocal<double[][]> ROW = ThreadLocal.withInitial(() -> new double[][] {new double[0]});

    /**
     * out[r] = Σ_j x·l − softplus(l) over row r: softplus of the row into a scratch row (the
     * softplus kernel), the terms in place, then the sum kernel's order.
     */
    static void bernoulliLogLikRows(int rows, int cols, double[] l, int lOff, double[] x, int xOff,
                                    double[] out, int outOff) {
        double[] d = rowScratch(cols);
        for (int r = 0; r < rows; r++) {
            int li = lOff + r * cols, xi = xOff + r * cols;
            softplus(cols, l, li, d, 0);
            int i = 0;
            for (int ub = S.loopBound(cols); i < ub; i += L) {
                DoubleVector.fromArray(S, x, xi + i).mul(DoubleVector.fromArray(S, l, li + i))
                        .sub(DoubleVector.fromArray(S, d, i)).intoArray(d, i);
            }
            for (; i < cols; i++) d[i] = x[xi + i] * l[li + i] - d[i];
            out[outOff + r] = sum(cols, d, 0);
        }
    }

    /** dl[r, j] += dy[r]·(x[r, j] − σ(l[r, j])), σ from the sigmoid kernel into a scratch row. */
    static void bernoulliLogLikBackwardAcc(int rows, int cols, double[] l, int lOff, double[] x, int xOff,
                                           double[] dy, int dyOff, double[] dl, int dlOff) {
        double[] s = rowScratch(cols);
        for (int r = 0; r < rows; r++) {
            double g = dy[dyOff + r];
            DoubleVector gv = DoubleVector.broadcast(S, g);
            int li = lOff + r * cols, xi = xOff + r * cols, o = dlOff + r * cols;
            sigmoid(cols, l, li, s, 0);
            int i = 0;
            for (int ub = S.loopBound(cols); i < ub; i += L) {
                DoubleVector diff = DoubleVector.fromArray(S, x, xi + i).sub(DoubleVector.fromArray(S, s, i));
                DoubleVector.fromArray(S, dl, o + i).add(gv.mul(diff)).intoArray(dl, o + i);
            }
            for (; i < cols; i++) dl[o + i] += g * (x[xi + i] - s[i]);
        }
    }
}
