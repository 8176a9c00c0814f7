package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernels whose contract is "bit-identical to the scalar definition": every
 * size from 1 to 70 (all tails of every vector width up to 8 lanes, and whole vectors), random
 * offsets, values with NaN, ±0, ±∞ and subnormals mixed in, and the whole output array
 * compared, so a write outside [off, off + n) shows up too.
 */
class ArithmeticKernelsTest {

    /** An elementwise kernel over up to three inputs a, b, c, writing or accumulating into out; s is a scalar. */
    interface Elementwise {
        void run(int n, double s, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                 double[] out, int outOff);
    }

    record Op(String name, Elementwise vector, Elementwise scalar) {
        @Override public String toString() { return name; }
    }

    static final List<Op> ELEMENTWISE = List.of(
        new Op("add", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.add(n, a, ao, b, bo, o, oo),
                      (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.add(n, a, ao, b, bo, o, oo)),
        new Op("sub", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.sub(n, a, ao, b, bo, o, oo),
                      (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.sub(n, a, ao, b, bo, o, oo)),
        new Op("mul", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.mul(n, a, ao, b, bo, o, oo),
                      (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.mul(n, a, ao, b, bo, o, oo)),
        new Op("mulAcc", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.mulAcc(n, a, ao, b, bo, o, oo),
                         (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.mulAcc(n, a, ao, b, bo, o, oo)),
        new Op("div", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.div(n, a, ao, b, bo, o, oo),
                      (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.div(n, a, ao, b, bo, o, oo)),
        new Op("divAcc", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.divAcc(n, a, ao, b, bo, o, oo),
                         (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.divAcc(n, a, ao, b, bo, o, oo)),
        new Op("scale", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.scale(n, s, a, ao, o, oo),
                        (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.scale(n, s, a, ao, o, oo)),
        new Op("axpy", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.axpy(n, s, a, ao, o, oo),
                       (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.axpy(n, s, a, ao, o, oo)),
        new Op("fill", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.fill(n, s, o, oo),
                       (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.fill(n, s, o, oo)),
        new Op("addScalar", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.addScalar(n, s, a, ao, o, oo),
                            (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.addScalar(n, s, a, ao, o, oo)),
        new Op("relu", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.relu(n, a, ao, o, oo),
                       (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.relu(n, a, ao, o, oo)),
        new Op("square", (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.square(n, a, ao, o, oo),
                         (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.square(n, a, ao, o, oo)),
        new Op("tanhBackwardAcc",
                (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.tanhBackwardAcc(n, a, ao, b, bo, o, oo),
                (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.tanhBackwardAcc(n, a, ao, b, bo, o, oo)),
        new Op("sigmoidBackwardAcc",
                (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.sigmoidBackwardAcc(n, a, ao, b, bo, o, oo),
                (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.sigmoidBackwardAcc(n, a, ao, b, bo, o, oo)),
        new Op("reluBackwardAcc",
                (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.reluBackwardAcc(n, a, ao, b, bo, o, oo),
                (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.reluBackwardAcc(n, a, ao, b, bo, o, oo)),
        new Op("eluBackwardAcc",
                (n, s, a, ao, b, bo, c, co, o, oo) -> VectorKernels.eluBackwardAcc(n, a, ao, c, co, b, bo, o, oo),
                (n, s, a, ao, b, bo, c, co, o, oo) -> ScalarKernels.eluBackwardAcc(n, a, ao, c, co, b, bo, o, oo)));

    /** (op, n, seed) for n = 1 … 70. */
    static Stream<Arguments> elementwiseCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : ELEMENTWISE) {
            for (int n = 1; n <= 70; n++) cases.add(Arguments.of(op, n, 1000L * n + op.name().hashCode()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} n={1} seed={2}")
    @MethodSource("elementwiseCases")
    void elementwiseIsBitIdenticalToScalar(Op op, int n, long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 4; trial++) {
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), cOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
            double[] a = TestValues.array(rnd, aOff + n + rnd.nextInt(3), TestValues::wide);
            double[] b = TestValues.array(rnd, bOff + n + rnd.nextInt(3), TestValues::wide);
            double[] c = TestValues.array(rnd, cOff + n + rnd.nextInt(3), TestValues::wide);
            double[] out = TestValues.array(rnd, outOff + n + rnd.nextInt(3), TestValues::wide);
            double s = TestValues.wide(rnd);
            String where = op + " n=" + n + " seed=" + seed + " trial=" + trial + " offsets=" + aOff + "," + bOff
                    + "," + cOff + "," + outOff + " s=" + s;

            double[] outV = out.clone(), outS = out.clone();
            op.vector().run(n, s, a, aOff, b, bOff, c, cOff, outV, outOff);
            op.scalar().run(n, s, a, aOff, b, bOff, c, cOff, outS, outOff);
            int diff = TestValues.firstBitDifference(outS, outV);
            assertEquals(-1, diff, () -> where + ": out[" + diff + "] scalar " + outS[diff] + " vector " + outV[diff]);

            // In place: out is the first input, same offset.
            double[] inV = a.clone(), inS = a.clone();
            op.vector().run(n, s, inV, aOff, b, bOff, c, cOff, inV, aOff);
            op.scalar().run(n, s, inS, aOff, b, bOff, c, cOff, inS, aOff);
            int diffIn = TestValues.firstBitDifference(inS, inV);
            assertEquals(-1, diffIn, () -> where + " in place: a[" + diffIn + "] scalar " + inS[diffIn] + " vector " + inV[diffIn]);
        }
    }

    /** A rows × cols kernel: matrix a (and b), vector v, output out. */
    interface RowKernel {
        void run(int rows, int cols, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff);
    }

    record RowOp(String name, boolean outIsMatrix, boolean bIsMatrix, RowKernel vector, RowKernel scalar) {
        @Override public String toString() { return name; }
    }

    static final List<RowOp> ROW_OPS = List.of(
        new RowOp("addRowVector", true, false,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.addRowVector(r, k, b, bo, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.addRowVector(r, k, b, bo, o, oo)),
        new RowOp("mulRowVector", true, false,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.mulRowVector(r, k, a, ao, b, bo, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.mulRowVector(r, k, a, ao, b, bo, o, oo)),
        new RowOp("mulRowVectorAcc", true, false,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.mulRowVectorAcc(r, k, a, ao, b, bo, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.mulRowVectorAcc(r, k, a, ao, b, bo, o, oo)),
        new RowOp("colSumsAcc", false, false,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.colSumsAcc(r, k, a, ao, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.colSumsAcc(r, k, a, ao, o, oo)),
        new RowOp("colDotAcc", false, true,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.colDotAcc(r, k, a, ao, b, bo, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.colDotAcc(r, k, a, ao, b, bo, o, oo)),
        new RowOp("rowMax", false, false,
                (r, k, a, ao, b, bo, o, oo) -> VectorKernels.rowMax(r, k, a, ao, o, oo),
                (r, k, a, ao, b, bo, o, oo) -> ScalarKernels.rowMax(r, k, a, ao, o, oo)));

    static Stream<Arguments> rowCases() {
        List<Arguments> cases = new ArrayList<>();
        for (RowOp op : ROW_OPS) {
            for (int cols = 1; cols <= 70; cols++) cases.add(Arguments.of(op, cols, 7000L * cols + op.name().hashCode()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} cols={1} seed={2}")
    @MethodSource("rowCases")
    void rowKernelsAreBitIdenticalToScalar(RowOp op, int cols, long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 4; trial++) {
            int rows = 1 + rnd.nextInt(4);
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5), outOff = rnd.nextInt(5);
            // rowMax gets rows with NaN, ±0, ±∞ too; the sums get finite or special values alike.
            double[] a = TestValues.array(rnd, aOff + rows * cols + 2, TestValues::wide);
            double[] b = TestValues.array(rnd, bOff + (op.bIsMatrix() ? rows * cols : cols) + 2, TestValues::wide);
            double[] out = TestValues.array(rnd, outOff + (op.outIsMatrix() ? rows * cols : op.name().startsWith("row") ? rows : cols) + 2,
                    TestValues::wide);
            String where = op + " rows=" + rows + " cols=" + cols + " seed=" + seed + " trial=" + trial;
            double[] outV = out.clone(), outS = out.clone();
            op.vector().run(rows, cols, a, aOff, b, bOff, outV, outOff);
            op.scalar().run(rows, cols, a, aOff, b, bOff, outS, outOff);
            int diff = TestValues.firstBitDifference(outS, outV);
            assertEquals(-1, diff, () -> where + ": out[" + diff + "] scalar " + outS[diff] + " vector " + outV[diff]);
        }
    }

    @Test
    void rowMaxOfSignedZerosAndNaN() {
        double[] a = {-0.0, 0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, /* row 2: */ 1, 2, Double.NaN, 3, 4, 5, 6, 7, 8};
        double[] out = new double[2];
        VectorKernels.rowMax(2, 9, a, 0, out, 0);
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(out[0]), "max(−0, +0) is +0");
        assertTrue(Double.isNaN(out[1]), "NaN wins");
    }

    static Stream<Arguments> sizes() {
        return Stream.iterate(1, n -> n <= 70, n -> n + 1).map(n -> Arguments.of(n, 31L * n));
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("sizes")
    void maxAbsDiffIsBitIdenticalToScalar(int n, long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 8; trial++) {
            int aOff = rnd.nextInt(5), bOff = rnd.nextInt(5);
            double[] a = TestValues.array(rnd, aOff + n, trial < 4 ? TestValues::moderate : TestValues::wide);
            double[] b = TestValues.array(rnd, bOff + n, trial < 4 ? TestValues::moderate : TestValues::wide);
            double v = VectorKernels.maxAbsDiff(n, a, aOff, b, bOff);
            double s = ScalarKernels.maxAbsDiff(n, a, aOff, b, bOff);
            assertEquals(Double.doubleToLongBits(s), Double.doubleToLongBits(v),
                    "maxAbsDiff n=" + n + " seed=" + seed + " trial=" + trial + ": scalar " + s + " vector " + v);
        }
    }
}
