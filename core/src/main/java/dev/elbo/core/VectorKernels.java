package dev.elbo.core;

import jdk.incubator.vector.DoubleVector;
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
 * <li>Transcendental kernels (exp, log, tanh … and the functions built on them) use the
 *     lanewise operators (SVML on x86-64) and handle the tail with one masked vector step
 *     instead of a scalar loop, so every element goes through the same vector function.
 *     Caution, measured on JDK 17 and 25: before C2 compiles a kernel, the Vector API computes
 *     these operators lane by lane with {@code Math.*}, afterwards with SVML; the two differ
 *     in the last bit for a few percent of inputs (both within {@code Math}'s ulp bound). So
 *     their bits depend on JIT timing, and {@link Kernels} uses them only on request
 *     ({@code -Delbo.vectorMath=true}).
 * <li>Reductions keep two vector accumulators, add their lanes in lane order (never
 *     {@code reduceLanes(ADD)}, whose order the JIT may change), then the tail left to right.
 *     The order depends only on {@code n} and the vector width, so results are deterministic.
 * </ul>
 */
final class VectorKernels {
    private VectorKernels() {}

    /** The widest double vector the CPU supports (8 lanes with AVX-512, 4 with AVX2, 2 with NEON). */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static DoubleVector load(double[] a, int off) {
        return DoubleVector.fromArray(S, a, off);
    }

    private static DoubleVector load(double[] a, int off, VectorMask<Double> m) {
        return DoubleVector.fromArray(S, a, off, m);
    }

    /** Lanes added in lane order 0, 1, …: a fixed order, whatever the JIT does. */
    private static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int k = 0; k < L; k++) s += v.lane(k);
        return s;
    }

    private static double maxLanes(DoubleVector v, double m) {
        for (int k = 0; k < L; k++) m = Math.max(m, v.lane(k));
        return m;
    }

    // ---------------------------------------------------------------- binary elementwise

    static void add(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).add(load(b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    static void sub(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).sub(load(b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] - b[bOff + i];
    }

    static void mul(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).mul(load(b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    static void mulAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(out, outOff + i).add(load(a, aOff + i).mul(load(b, bOff + i))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] += a[aOff + i] * b[bOff + i];
    }

    static void div(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).div(load(b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] / b[bOff + i];
    }

    static void divAcc(int n, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(out, outOff + i).add(load(a, aOff + i).div(load(b, bOff + i))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] += a[aOff + i] / b[bOff + i];
    }

    static void scale(int n, double alpha, double[] a, int aOff, double[] out, int outOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            va.mul(load(a, aOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = alpha * a[aOff + i];
    }

    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(y, yOff + i).add(va.mul(load(x, xOff + i))).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
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
            load(a, aOff + i).add(v).intoArray(out, outOff + i);
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
            acc0 = acc0.add(load(a, aOff + i));
            acc1 = acc1.add(load(a, aOff + i + L));
        }
        if (i < S.loopBound(n)) {
            acc0 = acc0.add(load(a, aOff + i));
            i += L;
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += a[aOff + i];
        return s;
    }

    static double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
        int i = 0;
        for (int ub = n - n % (2 * L); i < ub; i += 2 * L) {
            acc0 = acc0.add(load(a, aOff + i).mul(load(b, bOff + i)));
            acc1 = acc1.add(load(a, aOff + i + L).mul(load(b, bOff + i + L)));
        }
        if (i < S.loopBound(n)) {
            acc0 = acc0.add(load(a, aOff + i).mul(load(b, bOff + i)));
            i += L;
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    static double maxAbsDiff(int n, double[] a, int aOff, double[] b, int bOff) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            acc = acc.max(load(a, aOff + i).sub(load(b, bOff + i)).abs());
        }
        double m = maxLanes(acc, 0.0);
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
        for (int ub = S.loopBound(n); i < ub; i += L) acc = acc.max(load(a, aOff + i));
        double m = maxLanes(acc, Double.NEGATIVE_INFINITY);
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
            DoubleVector vm = DoubleVector.broadcast(S, m);
            DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
            int j = 0;
            for (int ub = cols - cols % (2 * L); j < ub; j += 2 * L) {
                acc0 = acc0.add(load(a, base + j).sub(vm).lanewise(VectorOperators.EXP));
                acc1 = acc1.add(load(a, base + j + L).sub(vm).lanewise(VectorOperators.EXP));
            }
            if (j < cols) {
                // The last partial or whole vector, masked: every term goes through the vector exp.
                VectorMask<Double> tail = S.indexInRange(j, cols);
                acc0 = acc0.add(load(a, base + j, tail).sub(vm).lanewise(VectorOperators.EXP), tail);
                j += L;
                if (j < cols) {
                    tail = S.indexInRange(j, cols);
                    acc1 = acc1.add(load(a, base + j, tail).sub(vm).lanewise(VectorOperators.EXP), tail);
                }
            }
            out[outOff + r] = m + Math.log(sumLanes(acc0.add(acc1)));
        }
    }

    // ---------------------------------------------------------------- unary functions

    // The functions below are written once on vectors; each kernel runs one over whole vectors
    // and then a masked last vector. Every kernel spells its loop out, so the operator is a
    // constant the JIT can intrinsify (an operator passed as an argument is not).

    private static DoubleVector sigmoid(DoubleVector x) {
        // 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, with e = exp(−|x|) ≤ 1: no overflow.
        DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        DoubleVector d = e.add(1.0);
        DoubleVector up = DoubleVector.broadcast(S, 1.0).div(d);
        return up.blend(e.div(d), x.compare(VectorOperators.LT, 0.0));
    }

    private static DoubleVector softplus(DoubleVector x) {
        return x.max(0.0).add(x.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P));
    }

    private static DoubleVector elu(DoubleVector x) {
        return x.lanewise(VectorOperators.EXPM1).blend(x, x.compare(VectorOperators.GT, 0.0));
    }

    static void exp(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).lanewise(VectorOperators.EXP).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, aOff + i, m).lanewise(VectorOperators.EXP).intoArray(out, outOff + i, m);
        }
    }

    static void expm1(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).lanewise(VectorOperators.EXPM1).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, aOff + i, m).lanewise(VectorOperators.EXPM1).intoArray(out, outOff + i, m);
        }
    }

    static void log(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).lanewise(VectorOperators.LOG).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, aOff + i, m).lanewise(VectorOperators.LOG).intoArray(out, outOff + i, m);
        }
    }

    static void log1p(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).lanewise(VectorOperators.LOG1P).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, aOff + i, m).lanewise(VectorOperators.LOG1P).intoArray(out, outOff + i, m);
        }
    }

    static void tanh(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).lanewise(VectorOperators.TANH).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            load(a, aOff + i, m).lanewise(VectorOperators.TANH).intoArray(out, outOff + i, m);
        }
    }

    static void sigmoid(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            sigmoid(load(a, aOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            sigmoid(load(a, aOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void softplus(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            softplus(load(a, aOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            softplus(load(a, aOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void elu(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            elu(load(a, aOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            elu(load(a, aOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    static void relu(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            load(a, aOff + i).max(0.0).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = Math.max(a[aOff + i], 0.0);
    }

    static void square(int n, double[] a, int aOff, double[] out, int outOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector x = load(a, aOff + i);
            x.mul(x).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * a[aOff + i];
    }

    // ---------------------------------------------------------------- derivatives (VJPs)

    static void tanhBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector t = load(y, yOff + i);
            DoubleVector slope = DoubleVector.broadcast(S, 1.0).sub(t.mul(t));
            load(dx, dxOff + i).add(load(dy, dyOff + i).mul(slope)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double t = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * (1.0 - t * t);
        }
    }

    static void sigmoidBackwardAcc(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector s = load(y, yOff + i);
            DoubleVector g = load(dy, dyOff + i).mul(s).mul(DoubleVector.broadcast(S, 1.0).sub(s));
            load(dx, dxOff + i).add(g).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double s = y[yOff + i];
            dx[dxOff + i] += dy[dyOff + i] * s * (1.0 - s);
        }
    }

    static void softplusBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector g = load(dy, dyOff + i).mul(sigmoid(load(x, xOff + i)));
            load(dx, dxOff + i).add(g).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Double> m = S.indexInRange(i, n);
            DoubleVector g = load(dy, dyOff + i, m).mul(sigmoid(load(x, xOff + i, m)));
            load(dx, dxOff + i, m).add(g).intoArray(dx, dxOff + i, m);
        }
    }

    static void reluBackwardAcc(int n, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Double> pos = load(x, xOff + i).compare(VectorOperators.GT, 0.0);
            load(dx, dxOff + i).add(load(dy, dyOff + i), pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) if (x[xOff + i] > 0) dx[dxOff + i] += dy[dyOff + i];
    }

    static void eluBackwardAcc(int n, double[] x, int xOff, double[] y, int yOff, double[] dy, int dyOff,
                               double[] dx, int dxOff) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            VectorMask<Double> pos = load(x, xOff + i).compare(VectorOperators.GT, 0.0);
            DoubleVector slope = load(y, yOff + i).add(one).blend(one, pos);
            load(dx, dxOff + i).add(load(dy, dyOff + i).mul(slope)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            double slope = x[xOff + i] > 0 ? 1.0 : y[yOff + i] + 1.0;
            dx[dxOff + i] += dy[dyOff + i] * slope;
        }
    }
}
