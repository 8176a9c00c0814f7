package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same contracts once the JIT has compiled the kernels. The other kernel tests make few
 * calls each, so the Vector API mostly runs its Java fallback there (lane by lane, with
 * {@code Math.*} for the transcendentals); here each kernel runs thousands of times first, so
 * C2's intrinsics (and SVML on x86-64) produce the checked results.
 */
class CompiledKernelsTest {
    private static final int WARM_CALLS = 12_000;

    @Test
    void arithmeticStaysBitIdenticalOnceCompiled() {
        Random rnd = new Random(8);
        int n = 67;
        for (ArithmeticKernelsTest.Op op : ArithmeticKernelsTest.ELEMENTWISE) {
            double[] a = TestValues.array(rnd, n + 1, TestValues::wide);
            double[] b = TestValues.array(rnd, n + 2, TestValues::wide);
            double[] c = TestValues.array(rnd, n + 3, TestValues::wide);
            double[] prefill = TestValues.array(rnd, n + 1, TestValues::wide);
            double s = 0.75;
            double[] outV = new double[prefill.length], outS = prefill.clone();
            for (int k = 0; k < WARM_CALLS; k++) {
                System.arraycopy(prefill, 0, outV, 0, prefill.length);
                op.vector().run(n, s, a, 1, b, 2, c, 3, outV, 1);
            }
            op.scalar().run(n, s, a, 1, b, 2, c, 3, outS, 1);
            int diff = TestValues.firstBitDifference(outS, outV);
            assertEquals(-1, diff, () -> op + " after warm-up: out[" + diff + "] scalar " + outS[diff] + " vector " + outV[diff]);
        }
        for (ArithmeticKernelsTest.RowOp op : ArithmeticKernelsTest.ROW_OPS) {
            int rows = 3, cols = 29;
            double[] a = TestValues.array(rnd, rows * cols, TestValues::wide);
            double[] b = TestValues.array(rnd, rows * cols, TestValues::wide);
            double[] prefill = TestValues.array(rnd, rows * cols, TestValues::wide);
            double[] outV = new double[prefill.length], outS = prefill.clone();
            for (int k = 0; k < WARM_CALLS; k++) {
                System.arraycopy(prefill, 0, outV, 0, prefill.length);
                op.vector().run(rows, cols, a, 0, b, 0, outV, 0);
            }
            op.scalar().run(rows, cols, a, 0, b, 0, outS, 0);
            int diff = TestValues.firstBitDifference(outS, outV);
            assertEquals(-1, diff, () -> op + " after warm-up: out[" + diff + "] scalar " + outS[diff] + " vector " + outV[diff]);
        }
    }

    @Test
    void transcendentalsStayWithinTheirBoundsOnceCompiled() {
        Random rnd = new Random(9);
        int n = 1021; // odd: the masked tail is compiled too
        for (TranscendentalKernelsTest.Fn f : TranscendentalKernelsTest.FUNCTIONS) {
            double[] x = TestValues.array(rnd, n, f.gen());
            double[] outV = new double[n], outS = new double[n];
            for (int k = 0; k < 1500; k++) f.vector().run(n, x, 0, outV, 0);
            f.scalar().run(n, x, 0, outS, 0);
            for (int i = 0; i < n; i++) {
                TranscendentalKernelsTest.checkOne(f, x[i], outV[i], outS[i], f + " after warm-up, x=" + x[i]);
            }
        }
    }

    @Test
    void reductionsStayDeterministicOnceCompiled() {
        Random rnd = new Random(10);
        double[] a = TestValues.array(rnd, 1003, TestValues::moderate);
        double[] lse = new double[17];
        double first = VectorKernels.sum(1003, a, 0), firstDot = VectorKernels.dot(1000, a, 0, a, 3);
        VectorKernels.logSumExpRows(17, 59, a, 0, lse, 0);
        double[] lseFirst = lse.clone();
        for (int k = 0; k < WARM_CALLS; k++) {
            VectorKernels.sum(1003, a, 0);
            VectorKernels.dot(1000, a, 0, a, 3);
        }
        assertEquals(first, VectorKernels.sum(1003, a, 0), 0.0, "sum changed once compiled");
        assertEquals(firstDot, VectorKernels.dot(1000, a, 0, a, 3), 0.0, "dot changed once compiled");
        for (int k = 0; k < 3000; k++) VectorKernels.logSumExpRows(17, 59, a, 0, lse, 0);
        for (int r = 0; r < 17; r++) assertEquals(lseFirst[r], lse[r], 0.0, "logSumExpRows row " + r + " changed once compiled");
    }

    /**
     * exp, sigmoid, tanh, softplus and the fused Bernoulli kernels promise the same bits in
     * every JIT tier and in every position: a lane of a full vector, the scalar tail and a call
     * on one element must agree, before and after C2 compiles the kernel.
     */
    @Test
    void deterministicTranscendentalsGiveTheSameBitsInEveryTierAndPosition() {
        Random rnd = new Random(11);
        int n = 203; // whole vectors and a tail at every width
        double[] x = TestValues.array(rnd, n, r -> r.nextDouble() * 60 - 30);
        String[] names = {"exp", "sigmoid", "tanh", "softplus"};
        TranscendentalKernelsTest.Unary[] kernels = {VectorKernels::exp, VectorKernels::sigmoid, VectorKernels::tanh, VectorKernels::softplus};
        for (int f = 0; f < kernels.length; f++) {
            double[] first = new double[n], firstAlone = new double[n];
            kernels[f].run(n, x, 0, first, 0);
            for (int i = 0; i < n; i++) kernels[f].run(1, x, i, firstAlone, i);
            double[] warm = new double[n], warmAlone = new double[n];
            for (int k = 0; k < WARM_CALLS; k++) kernels[f].run(n, x, 0, warm, 0);
            for (int i = 0; i < n; i++) kernels[f].run(1, x, i, warmAlone, i);
            for (int i = 0; i < n; i++) {
                String at = names[f] + "(" + x[i] + ") at " + i;
                long bits = Double.doubleToRawLongBits(first[i]);
                assertEquals(bits, Double.doubleToRawLongBits(warm[i]), at + ": first call vs compiled");
                assertEquals(bits, Double.doubleToRawLongBits(firstAlone[i]), at + ": in a vector vs alone, first calls");
                assertEquals(bits, Double.doubleToRawLongBits(warmAlone[i]), at + ": in a vector vs alone, compiled");
            }
        }

        int rows = 3, cols = 67;
        double[] l = TestValues.array(rnd, rows * cols, r -> r.nextDouble() * 16 - 8);
        double[] xs = TestValues.array(rnd, rows * cols, r -> r.nextInt(2));
        double[] dy = TestValues.array(rnd, rows, r -> r.nextDouble() - 0.5);
        double[] ll = new double[rows], dl = new double[rows * cols];
        VectorKernels.bernoulliLogLikRows(rows, cols, l, 0, xs, 0, ll, 0);
        VectorKernels.bernoulliLogLikBackwardAcc(rows, cols, l, 0, xs, 0, dy, 0, dl, 0);
        double[] llWarm = new double[rows], dlWarm = new double[rows * cols];
        for (int k = 0; k < WARM_CALLS; k++) {
            VectorKernels.bernoulliLogLikRows(rows, cols, l, 0, xs, 0, llWarm, 0);
            Arrays.fill(dlWarm, 0.0);
            VectorKernels.bernoulliLogLikBackwardAcc(rows, cols, l, 0, xs, 0, dy, 0, dlWarm, 0);
        }
        for (int r = 0; r < rows; r++) assertEquals(ll[r], llWarm[r], 0.0, "bernoulliLogLikRows row " + r + " changed once compiled");
        int diff = TestValues.firstBitDifference(dl, dlWarm);
        assertEquals(-1, diff, () -> "bernoulliLogLikBackwardAcc changed once compiled at " + diff);
    }
}
