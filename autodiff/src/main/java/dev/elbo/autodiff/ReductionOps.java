package dev.elbo.autodiff;

import dev.elbo.core.Kernels;
import dev.elbo.core.OpKernels;

/**
 * Sums and means: over all entries (→ 1×1), over each row (→ r×1), over each column (→ 1×c);
 * the stable log-sum-exp of each row, and its per-group companion, log-softmax over column
 * groups. A mean is the sum times {@code factor = 1/count}; its backward spreads
 * {@code factor · dy} back over the summed entries.
 */
final class ReductionOps {
    private ReductionOps() {}

    /** y = factor · Σ_{r,c} x[r, c] (1×1). */
    static final class SumAll extends Node {
        static final String NAME = "sum";
        private Tensor x;
        private double factor;

        SumAll() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, double factor) {
            tape.checkOperand(NAME, x);
            SumAll op = tape.reuse(SumAll.class);
            if (op == null) op = new SumAll();
            op.x = x;
            op.factor = factor;
            Tensor y = tape.record(op, 1, 1, x.requiresGrad);
            y.value[0] = factor * Kernels.sum(x.size, x.value, 0);
            return y;
        }

        /** dx[r, c] += factor · dy. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.addBroadcastAcc(x.rows, x.cols, factor, out.grad, 0, 0, 0, x.grad, 0);
        }
    }

    /** y[r] = factor · Σ_c x[r, c] (r×1). */
    static final class SumRows extends Node {
        static final String NAME = "sumRows";
        private Tensor x;
        private double factor;

        SumRows() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, double factor) {
            tape.checkOperand(NAME, x);
            SumRows op = tape.reuse(SumRows.class);
            if (op == null) op = new SumRows();
            op.x = x;
            op.factor = factor;
            Tensor y = tape.record(op, x.rows, 1, x.requiresGrad);
            Kernels.rowSums(x.rows, x.cols, x.value, 0, y.value, 0);
            if (factor != 1.0) Kernels.scale(y.size, factor, y.value, 0, y.value, 0);
            return y;
        }

        /** dx[r, c] += factor · dy[r]. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.addBroadcastAcc(x.rows, x.cols, factor, out.grad, 0, 1, 0, x.grad, 0);
        }
    }

    /** y[c] = factor · Σ_r x[r, c] (1×c). */
    static final class SumCols extends Node {
        static final String NAME = "sumCols";
        private Tensor x;
        private double factor;

        SumCols() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, double factor) {
            tape.checkOperand(NAME, x);
            SumCols op = tape.reuse(SumCols.class);
            if (op == null) op = new SumCols();
            op.x = x;
            op.factor = factor;
            Tensor y = tape.record(op, 1, x.cols, x.requiresGrad);
            Kernels.fill(y.size, 0.0, y.value, 0);
            Kernels.colSumsAcc(x.rows, x.cols, x.value, 0, y.value, 0);
            if (factor != 1.0) Kernels.scale(y.size, factor, y.value, 0, y.value, 0);
            return y;
        }

        /** dx[r, c] += factor · dy[c]. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.addBroadcastAcc(x.rows, x.cols, factor, out.grad, 0, 0, 1, x.grad, 0);
        }
    }

    /** y[r] = log Σ_c exp(x[r, c]) (r×1), computed with the row maximum subtracted. */
    static final class LogSumExpRows extends Node {
        static final String NAME = "logSumExpRows";
        private Tensor x;

        LogSumExpRows() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            LogSumExpRows op = tape.reuse(LogSumExpRows.class);
            if (op == null) op = new LogSumExpRows();
            op.x = x;
            Tensor y = tape.record(op, x.rows, 1, x.requiresGrad);
            Kernels.logSumExpRows(x.rows, x.cols, x.value, 0, y.value, 0);
            return y;
        }

        /** dx[r, c] += dy[r] · softmax(x[r, ·])[c] = dy[r] · exp(x[r, c] − y[r]). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) {
                OpKernels.logSumExpRowsBackwardAcc(x.rows, x.cols, x.value, 0, out.value, 0, out.grad, 0, x.grad, 0);
            }
        }
    }

    /**
     * Log-softmax over column groups: x is r × (G·A); within each row, each consecutive group
     * of A columns is normalized, y = x − log Σ_{group} exp(x). (A = 21 for amino acids.)
     */
    static final class LogSoftmaxGroups extends Node {
        static final String NAME = "logSoftmaxGroups";
        private Tensor x;
        private int groupSize;

        LogSoftmaxGroups() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, int groupSize) {
            tape.checkOperand(NAME, x);
            if (groupSize <= 0 || x.cols % groupSize != 0) {
                throw Shapes.error(NAME, "columns are not a whole number of groups of " + groupSize, "x", x);
            }
            LogSoftmaxGroups op = tape.reuse(LogSoftmaxGroups.class);
            if (op == null) op = new LogSoftmaxGroups();
            op.x = x;
            op.groupSize = groupSize;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            OpKernels.logSoftmaxGroups(x.size / groupSize, groupSize, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy − exp(y) · (Σ_{group} dy). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) {
                OpKernels.logSoftmaxGroupsBackwardAcc(x.size / groupSize, groupSize, out.value, 0, out.grad, 0, x.grad, 0);
            }
        }
    }
}
