package dev.elbo.autodiff;

import dev.elbo.core.Kernels;
import dev.elbo.core.OpKernels;

/**
 * Ops that move entries without arithmetic: column slices and concatenation, repeating rows
 * (K samples per example), reshape, and the gradient stop. Each output owns its own copy
 * (no views), so a backward pass never has two tensors sharing one gradient buffer.
 */
final class ShapeOps {
    private ShapeOps() {}

    /** y = x[:, from:to) (columns from inclusive to exclusive). */
    static final class SliceCols extends Node {
        static final String NAME = "sliceCols";
        private Tensor x;
        private int from;

        SliceCols() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, int from, int to) {
            tape.checkOperand(NAME, x);
            if (from < 0 || to > x.cols || from >= to) {
                throw Shapes.error(NAME, "columns [" + from + ", " + to + ") are not a non-empty range inside x", "x", x);
            }
            SliceCols op = tape.reuse(SliceCols.class);
            if (op == null) op = new SliceCols();
            op.x = x;
            op.from = from;
            Tensor y = tape.record(op, x.rows, to - from, x.requiresGrad);
            OpKernels.copyBlock(x.rows, y.cols, x.value, from, x.cols, y.value, 0, y.cols);
            return y;
        }

        /** dx[:, from:to) += dy. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.addBlockAcc(x.rows, out.cols, out.grad, 0, out.cols, x.grad, from, x.cols);
        }
    }

    /** y = [a | b]: a r×p and b r×q side by side, r×(p+q). */
    static final class ConcatCols extends Node {
        static final String NAME = "concatCols";
        private Tensor a, b;

        ConcatCols() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            tape.checkOperand(NAME, a);
            tape.checkOperand(NAME, b);
            if (a.rows != b.rows) throw Shapes.error(NAME, "row counts differ", "a", a, "b", b);
            ConcatCols op = tape.reuse(ConcatCols.class);
            if (op == null) op = new ConcatCols();
            op.a = a;
            op.b = b;
            Tensor y = tape.record(op, a.rows, a.cols + b.cols, a.requiresGrad || b.requiresGrad);
            OpKernels.copyBlock(a.rows, a.cols, a.value, 0, a.cols, y.value, 0, y.cols);
            OpKernels.copyBlock(b.rows, b.cols, b.value, 0, b.cols, y.value, a.cols, y.cols);
            return y;
        }

        /** da += dy[:, 0:p), db += dy[:, p:p+q). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) OpKernels.addBlockAcc(a.rows, a.cols, out.grad, 0, out.cols, a.grad, 0, a.cols);
            if (tape.needsGrad(b)) OpKernels.addBlockAcc(b.rows, b.cols, out.grad, a.cols, out.cols, b.grad, 0, b.cols);
        }
    }

    /** y is (r·K)×c with row i·K + s equal to row i of x (K consecutive copies per row). */
    static final class RepeatRows extends Node {
        static final String NAME = "repeatRows";
        private Tensor x;
        private int k;

        RepeatRows() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, int k) {
            tape.checkOperand(NAME, x);
            if (k <= 0) throw Shapes.error(NAME, "repeat count must be positive, got " + k, "x", x);
            RepeatRows op = tape.reuse(RepeatRows.class);
            if (op == null) op = new RepeatRows();
            op.x = x;
            op.k = k;
            Tensor y = tape.record(op, x.rows * k, x.cols, x.requiresGrad);
            OpKernels.repeatRows(x.rows, x.cols, k, x.value, 0, y.value, 0);
            return y;
        }

        /** dx[i, :] += Σ_s dy[i·K + s, :]. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.sumRowGroupsAcc(x.rows, x.cols, k, out.grad, 0, x.grad, 0);
        }
    }

    /** The same entries in row-major order, read as rows × cols. */
    static final class Reshape extends Node {
        static final String NAME = "reshape";
        private Tensor x;

        Reshape() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, int rows, int cols) {
            tape.checkOperand(NAME, x);
            if (rows <= 0 || cols <= 0 || (long) rows * cols != x.size) {
                throw Shapes.error(NAME, "cannot reshape to " + rows + "×" + cols + " (entry counts differ)", "x", x);
            }
            Reshape op = tape.reuse(Reshape.class);
            if (op == null) op = new Reshape();
            op.x = x;
            Tensor y = tape.record(op, rows, cols, x.requiresGrad);
            System.arraycopy(x.value, 0, y.value, 0, x.size);
            return y;
        }

        /** dx += dy (same flat layout). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.axpy(x.size, 1.0, out.grad, 0, x.grad, 0);
        }
    }

    /**
     * y = x in value, but no gradient flows back into x: y is treated as a constant by
     * backward (e.g. the "sticking the landing" estimator evaluates log q(z) with the
     * variational parameters stopped).
     */
    static final class StopGradient extends Node {
        static final String NAME = "stopGradient";

        StopGradient() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            StopGradient op = tape.reuse(StopGradient.class);
            if (op == null) op = new StopGradient();
            Tensor y = tape.record(op, x.rows, x.cols, false);
            System.arraycopy(x.value, 0, y.value, 0, x.size);
            return y;
        }

        /** Nothing flows back. */
        @Override
        void backward(Tape tape) {}
    }
}
