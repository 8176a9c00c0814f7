package dev.elbo.autodiff;

import dev.elbo.core.Gemm;
import dev.elbo.core.Kernels;

/** Matrix products: {@code A·B} and the dense-layer map {@code X·W + b}. */
final class MatMulOps {
    private MatMulOps() {}

    /** Y = A·B, A m×k, B k×n. */
    static final class MatMul extends Node {
        static final String NAME = "matmul";
        private Tensor a, b;

        MatMul() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            tape.checkOperand(NAME, a);
            tape.checkOperand(NAME, b);
            if (a.cols != b.rows) throw Shapes.error(NAME, "inner dimensions differ", "a", a, "b", b);
            MatMul op = tape.reuse(MatMul.class);
            if (op == null) op = new MatMul();
            op.a = a;
            op.b = b;
            Tensor y = tape.record(op, a.rows, b.cols, a.requiresGrad || b.requiresGrad);
            Gemm.mul(a.rows, b.cols, a.cols, a.value, 0, b.value, 0, y.value, 0, false);
            return y;
        }

        /** dA += dY·Bᵀ, dB += Aᵀ·dY. */
        @Override
        void backward(Tape tape) {
            int m = a.rows, k = a.cols, n = b.cols;
            if (tape.needsGrad(a)) Gemm.mulTransB(m, k, n, out.grad, 0, b.value, 0, a.grad, 0, true);
            if (tape.needsGrad(b)) Gemm.mulTransA(k, n, m, a.value, 0, out.grad, 0, b.grad, 0, true);
        }
    }

    /** Y = X·W + b: X n×in, W in×out, b 1×out added to every row. */
    static final class Affine extends Node {
        static final String NAME = "affine";
        private Tensor x, w, b;

        Affine() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x, Tensor w, Tensor b) {
            tape.checkOperand(NAME, x);
            tape.checkOperand(NAME, w);
            tape.checkOperand(NAME, b);
            if (x.cols != w.rows) throw Shapes.error(NAME, "inner dimensions differ", "x", x, "w", w);
            if (b.rows != 1 || b.cols != w.cols) {
                throw Shapes.error(NAME, "bias must be 1×" + w.cols, "w", w, "b", b);
            }
            Affine op = tape.reuse(Affine.class);
            if (op == null) op = new Affine();
            op.x = x;
            op.w = w;
            op.b = b;
            Tensor y = tape.record(op, x.rows, w.cols, x.requiresGrad || w.requiresGrad || b.requiresGrad);
            Gemm.mul(x.rows, w.cols, x.cols, x.value, 0, w.value, 0, y.value, 0, false);
            Kernels.addRowVector(y.rows, y.cols, b.value, 0, y.value, 0);
            return y;
        }

        /** dX += dY·Wᵀ, dW += Xᵀ·dY, db += column sums of dY. */
        @Override
        void backward(Tape tape) {
            int n = x.rows, in = x.cols, outCols = w.cols;
            if (tape.needsGrad(x)) Gemm.mulTransB(n, in, outCols, out.grad, 0, w.value, 0, x.grad, 0, true);
            if (tape.needsGrad(w)) Gemm.mulTransA(in, outCols, n, x.value, 0, out.grad, 0, w.grad, 0, true);
            if (tape.needsGrad(b)) Kernels.colSumsAcc(n, outCols, out.grad, 0, b.grad, 0);
        }
    }
}
