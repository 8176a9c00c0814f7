package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Accuracy of the transcendental kernels, both paths, against 60-digit reference values
 * ({@link Exact}): every size 1 … 70 with random offsets, inputs over the whole useful range
 * with IEEE edge cases mixed in. Each output must lie within the ulp bound stated in the
 * {@link Kernels} Javadoc; where no finite exact value exists (NaN, ±∞ inputs, outside the
 * domain, beyond the reference's range) both paths must give the scalar definition's bits.
 *
 * <p>The vector results are not compared bit for bit with anything: HotSpot computes the
 * lanewise operators with {@code Math.*} before C2 compiles a kernel and with SVML after, so
 * their last bit depends on JIT timing (see {@link Kernels}). The bound holds in every tier.
 */
class TranscendentalKernelsTest {

    interface Unary {
        void run(int n, double[] a, int aOff, double[] out, int outOff);
    }

    /**
     * A kernel, its bound in ulps, an input generator, and the exact value (null where the
     * input has none: then the scalar definition's bits are required).
     */
    record Fn(String name, Unary vector, Unary scalar, double ulps, ToDoubleFunction<Random> gen,
              DoubleFunction<BigDecimal> exact) {
        @Override public String toString() { return name; }
    }

    private static double special(Random rnd) {
        return TestValues.SPECIALS[rnd.nextInt(TestValues.SPECIALS.length)];
    }

    /** One draw in eight is special; the rest split between a uniform range and log-uniform magnitudes. */
    private static ToDoubleFunction<Random> mix(double lo, double hi, double minExp, double maxExp) {
        return rnd -> switch (rnd.nextInt(8)) {
            case 0 -> special(rnd);
            case 1, 2, 3 -> lo + (hi - lo) * rnd.nextDouble();
            default -> TestValues.logUniform(rnd, minExp, maxExp);
        };
    }

    private static DoubleFunction<BigDecimal> finiteWithin(double limit, DoubleFunction<BigDecimal> f) {
        return x -> Double.isFinite(x) && Math.abs(x) <= limit ? f.apply(x) : null;
    }

    /** tanh's draws outside ±[0.1, 1]; before {@link #FUNCTIONS}, which uses it. */
    private static final ToDoubleFunction<Random> TANH_WIDE = mix(-25, 25, -320, 1.7);

    static final List<Fn> FUNCTIONS = List.of(
        new Fn("exp", VectorKernels::exp, ScalarKernels::exp, 1.0, mix(-750, 750, -320, 2.86),
                finiteWithin(800, Exact::exp)),
        new Fn("expm1", VectorKernels::expm1, ScalarKernels::expm1, 1.0, mix(-50, 710, -320, 2.86),
                finiteWithin(800, Exact::expm1)),
        new Fn("log", VectorKernels::log, ScalarKernels::log, 1.0,
                rnd -> switch (rnd.nextInt(4)) {
                    case 0 -> special(rnd);
                    case 1 -> 1 + TestValues.logUniform(rnd, -16, -0.5);
                    default -> Math.abs(TestValues.logUniform(rnd, -323, 308));
                },
                x -> Double.isFinite(x) && x > 0 ? Exact.log(x) : null),
        new Fn("log1p", VectorKernels::log1p, ScalarKernels::log1p, 1.0,
                rnd -> switch (rnd.nextInt(5)) {
                    case 0 -> special(rnd);
                    case 1 -> -1 + Math.pow(10, -16 * rnd.nextDouble());
                    case 2 -> TestValues.logUniform(rnd, -320, 0);
                    default -> Math.abs(TestValues.logUniform(rnd, -20, 308));
                },
                x -> Double.isFinite(x) && x > -1 ? Exact.log1p(x) : null),
        // tanh also draws densely from ±[0.1, 1], where its error peaks (2.58 ulp measured near 0.21).
        new Fn("tanh", VectorKernels::tanh, ScalarKernels::tanh, 3.0,
                rnd -> rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? -1 : 1) * (0.1 + 0.9 * rnd.nextDouble())
                        : TANH_WIDE.applyAsDouble(rnd),
                x -> Double.isFinite(x) ? Exact.tanh(x) : null),
        new Fn("sigmoid", VectorKernels::sigmoid, ScalarKernels::sigmoid, 5.0, mix(-760, 760, -320, 2.9),
                finiteWithin(2000, Exact::sigmoid)),
        new Fn("softplus", VectorKernels::softplus, ScalarKernels::softplus, 5.0, mix(-760, 760, -320, 2.9),
                finiteWithin(2000, Exact::softplus)),
        new Fn("elu", VectorKernels::elu, ScalarKernels::elu, 1.0, mix(-50, 50, -320, 2.9),
                x -> !Double.isFinite(x) || x < -800 ? null : x > 0 ? Exact.of(x) : Exact.expm1(x)));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fn f : FUNCTIONS) {
            for (int n = 1; n <= 70; n++) cases.add(Arguments.of(f, n, 977L * n + f.name().hashCode()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} n={1} seed={2}")
    @MethodSource("cases")
    void bothPathsWithinTheStatedBound(Fn f, int n, long seed) {
        Random rnd = new Random(seed);
        int aOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
        double[] a = TestValues.array(rnd, aOff + n + 2, f.gen());
        double[] prefill = TestValues.array(rnd, outOff + n + 2, TestValues::wide);
        double[] outV = prefill.clone(), outS = prefill.clone();
        f.vector().run(n, a, aOff, outV, outOff);
        f.scalar().run(n, a, aOff, outS, outOff);
        String where = f + " n=" + n + " seed=" + seed + " offsets=" + aOff + "," + outOff;

        for (int i = 0; i < prefill.length; i++) {
            if (i >= outOff && i < outOff + n) continue;
            assertEquals(Double.doubleToLongBits(prefill[i]), Double.doubleToLongBits(outV[i]), where + ": wrote out[" + i + "]");
        }
        for (int i = 0; i < n; i++) {
            double x = a[aOff + i];
            checkOne(f, x, outV[outOff + i], outS[outOff + i], where + " i=" + i + " x=" + x + " (" + Double.toHexString(x) + ")");
        }
    }

    static void checkOne(Fn f, double x, double vector, double scalar, String at) {
        BigDecimal exact = f.exact().apply(x);
        if (exact == null) {
            assertEquals(Double.doubleToLongBits(scalar), Double.doubleToLongBits(vector),
                    at + ": no exact value, so the scalar definition's " + scalar + " is required, vector gave " + vector);
            return;
        }
        if (exact.signum() == 0) {
            // An exact zero (exp(0) − 1, log 1, tanh ±0 …): the sign must be the scalar definition's too.
            assertEquals(Double.doubleToLongBits(scalar), Double.doubleToLongBits(vector), at + ": exact zero, vector gave " + vector);
            assertEquals(0.0, scalar, 0.0, at + ": scalar path");
            return;
        }
        double errV = Exact.ulpError(vector, exact), errS = Exact.ulpError(scalar, exact);
        if (errV > f.ulps()) fail(at + ": vector " + vector + " is " + errV + " ulp from " + exact.round(new java.math.MathContext(20)) + ", bound " + f.ulps());
        if (errS > f.ulps()) fail(at + ": scalar " + scalar + " is " + errS + " ulp from " + exact.round(new java.math.MathContext(20)) + ", bound " + f.ulps());
    }

    @Test
    void specialValuesBehaveAsTheScalarDefinition() {
        double[] x = TestValues.SPECIALS;
        for (Fn f : FUNCTIONS) {
            double[] v = new double[x.length], s = new double[x.length];
            f.vector().run(x.length, x, 0, v, 0);
            f.scalar().run(x.length, x, 0, s, 0);
            for (int i = 0; i < x.length; i++) checkOne(f, x[i], v[i], s[i], f + "(" + x[i] + ")");
        }
    }

    /** Named values that the bounds alone would not pin down: signs of zero, tails, no overflow. */
    @Test
    void namedValues() {
        double[] in = {-0.0, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 40, -700, -740, -1e-300};
        double[] sig = new double[in.length], sp = new double[in.length], el = new double[in.length], th = new double[in.length];
        for (boolean vector : new boolean[] {true, false}) {
            String path = vector ? "vector" : "scalar";
            if (vector) {
                VectorKernels.sigmoid(in.length, in, 0, sig, 0);
                VectorKernels.softplus(in.length, in, 0, sp, 0);
                VectorKernels.elu(in.length, in, 0, el, 0);
                VectorKernels.tanh(in.length, in, 0, th, 0);
            } else {
                ScalarKernels.sigmoid(in.length, in, 0, sig, 0);
                ScalarKernels.softplus(in.length, in, 0, sp, 0);
                ScalarKernels.elu(in.length, in, 0, el, 0);
                ScalarKernels.tanh(in.length, in, 0, th, 0);
            }
            assertEquals(0.5, sig[0], path);
            assertEquals(1.0, sig[1], path + " σ(1e300)");
            assertEquals(0.0, sig[2], path + " σ(−1e300)");
            assertEquals(1.0, sig[3], path + " σ(MAX)");
            assertEquals(0.0, sig[4], path + " σ(−MAX)");
            assertEquals(Math.log(2), sp[0], path + " softplus(−0)");
            assertEquals(1e300, sp[1], path + " softplus(1e300) = 1e300");
            assertEquals(0.0, sp[2], path + " softplus(−1e300)");
            assertEquals(Double.MAX_VALUE, sp[3], path + " softplus(MAX)");
            assertEquals(40.0, sp[5], path + " softplus(40) = 40 exactly");
            assertTrue(Exact.ulpError(sp[6], Exact.softplus(-700)) <= 5, path + " softplus(−700) = e^−700 " + sp[6]);
            assertTrue(sp[7] > 0 && Exact.ulpError(sp[7], Exact.softplus(-740)) <= 5, path + " softplus(−740) is subnormal, not 0: " + sp[7]);
            assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(el[0]), path + " elu(−0) = −0");
            assertEquals(1e300, el[1], path + " elu(1e300)");
            assertEquals(-1.0, el[2], path + " elu(−1e300)");
            assertEquals(-1e-300, el[8], path + " elu(−1e−300)");
            assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(th[0]), path + " tanh(−0) = −0");
            assertEquals(1.0, th[1], path);
            assertEquals(-1.0, th[2], path);
        }
    }
}
