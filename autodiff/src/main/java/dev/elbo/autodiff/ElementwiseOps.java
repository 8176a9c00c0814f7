package dev.elbo.autodiff;

import static dev.elbo.autodiff.Shapes.colStride;
import static dev.elbo.autodiff.Shapes.rowStride;
import static dev.elbo.autodiff.Shapes.sameShape;

import dev.elbo.core.Kernels;
import dev.elbo.core.OpKernels;

/**
 * Elementwise arithmetic: a ∘ b for ∘ in {+, −, ·, /} with broadcasting of either operand
 * (see {@link Shapes}), and the affine maps of one tensor {@code alpha·a} and {@code a + c}.
 *
 * <p>Same-shape operands take the flat kernels of {@link Kernels}; broadcast ones the strided
 * loops of {@link OpKernels}. In backward, the gradient of a broadcast operand is the upstream
 * gradient summed over the dimensions it was broadcast along.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    /** Records op with the broadcast shape of a and b (already checked by {@link #checkBinary}). */
    private static Tensor recordBinary(Tape tape, Node op, Tensor a, Tensor b) {
        return tape.record(op, Math.max(a.rows, b.rows), Math.max(a.cols, b.cols), a.requiresGrad || b.requiresGrad);
    }

    /** Operands valid on this tape and broadcast-compatible. */
    private static void checkBinary(Tape tape, String name, Tensor a, Tensor b) {
        tape.checkOperand(name, a);
        tape.checkOperand(name, b);
        Shapes.broadcastRows(name, "a", a, "b", b);
        Shapes.broadcastCols(name, "a", a, "b", b);
    }

    /** t.grad += alpha · dy, summed over the dimensions along which t was broadcast to y. */
    private static void reduceInto(Tensor y, Tensor t, double alpha) {
        if (sameShape(y, t)) {
            Kernels.axpy(y.size, alpha, y.grad, 0, t.grad, 0);
        } else {
            OpKernels.reduceAcc(y.rows, y.cols, alpha, y.grad, 0, t.grad, 0,
                    rowStride(t, y.rows), colStride(t, y.cols));
        }
    }

    /** t.grad += dy · other, summed over t's broadcast dimensions (other broadcast too). */
    private static void mulReduceInto(Tensor y, Tensor t, Tensor other) {
        if (sameShape(y, t) && sameShape(y, other)) {
            Kernels.mulAcc(y.size, y.grad, 0, other.value, 0, t.grad, 0);
        } else {
            OpKernels.mulReduceAcc(y.rows, y.cols, y.grad, 0,
                    other.value, 0, rowStride(other, y.rows), colStride(other, y.cols),
                    t.grad, 0, rowStride(t, y.rows), colStride(t, y.cols));
        }
    }

    /** Y = A + B. */
    static final class Add extends Node {
        static final String NAME = "add";
        private Tensor a, b;

        Add() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            checkBinary(tape, NAME, a, b);
            Add op = tape.reuse(Add.class);
            if (op == null) op = new Add();
            op.a = a;
            op.b = b;
            Tensor y = recordBinary(tape, op, a, b);
            if (sameShape(a, b)) {
                Kernels.add(y.size, a.value, 0, b.value, 0, y.value, 0);
            } else {
                OpKernels.addBroadcast(y.rows, y.cols, a.value, 0, rowStride(a, y.rows), colStride(a, y.cols),
                        b.value, 0, rowStride(b, y.rows), colStride(b, y.cols), y.value, 0);
            }
            return y;
        }

        /** dA += dY, dB += dY (each summed over its broadcast dimensions). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) reduceInto(out, a, 1.0);
            if (tape.needsGrad(b)) reduceInto(out, b, 1.0);
        }
    }

    /** Y = A − B. */
    static final class Sub extends Node {
        static final String NAME = "sub";
        private Tensor a, b;

        Sub() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            checkBinary(tape, NAME, a, b);
            Sub op = tape.reuse(Sub.class);
            if (op == null) op = new Sub();
            op.a = a;
            op.b = b;
            Tensor y = recordBinary(tape, op, a, b);
            if (sameShape(a, b)) {
                Kernels.sub(y.size, a.value, 0, b.value, 0, y.value, 0);
            } else {
                OpKernels.subBroadcast(y.rows, y.cols, a.value, 0, rowStride(a, y.rows), colStride(a, y.cols),
                        b.value, 0, rowStride(b, y.rows), colStride(b, y.cols), y.value, 0);
            }
            return y;
        }

        /** dA += dY, dB −= dY. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) reduceInto(out, a, 1.0);
            if (tape.needsGrad(b)) reduceInto(out, b, -1.0);
        }
    }

    /** Y = A ⊙ B (elementwise product). */
    static final class Mul extends Node {
        static final String NAME = "mul";
        private Tensor a, b;

        Mul() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            checkBinary(tape, NAME, a, b);
            Mul op = tape.reuse(Mul.class);
            if (op == null) op = new Mul();
            op.a = a;
            op.b = b;
            Tensor y = recordBinary(tape, op, a, b);
            if (sameShape(a, b)) {
                Kernels.mul(y.size, a.value, 0, b.value, 0, y.value, 0);
            } else {
                OpKernels.mulBroadcast(y.rows, y.cols, a.value, 0, rowStride(a, y.rows), colStride(a, y.cols),
                        b.value, 0, rowStride(b, y.rows), colStride(b, y.cols), y.value, 0);
            }
            return y;
        }

        /** dA += dY ⊙ B, dB += dY ⊙ A. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) mulReduceInto(out, a, b);
            if (tape.needsGrad(b)) mulReduceInto(out, b, a);
        }
    }

    /** Y = A / B (elementwise quotient). */
    static final class Div extends Node {
        static final String NAME = "div";
        private Tensor a, b;

        Div() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, Tensor b) {
            checkBinary(tape, NAME, a, b);
            Div op = tape.reuse(Div.class);
            if (op == null) op = new Div();
            op.a = a;
            op.b = b;
            Tensor y = recordBinary(tape, op, a, b);
            if (sameShape(a, b)) {
                Kernels.div(y.size, a.value, 0, b.value, 0, y.value, 0);
            } else {
                OpKernels.divBroadcast(y.rows, y.cols, a.value, 0, rowStride(a, y.rows), colStride(a, y.cols),
                        b.value, 0, rowStride(b, y.rows), colStride(b, y.cols), y.value, 0);
            }
            return y;
        }

        /** dA += dY / B, dB −= dY ⊙ Y / B (since ∂(a/b)/∂b = −a/b² = −y/b). */
        @Override
        void backward(Tape tape) {
            Tensor y = out;
            int rs = rowStride(b, y.rows), cs = colStride(b, y.cols);
            if (tape.needsGrad(a)) {
                if (sameShape(y, a) && sameShape(y, b)) {
                    OpKernels.divAcc(y.size, y.grad, 0, b.value, 0, a.grad, 0);
                } else {
                    OpKernels.divReduceAcc(y.rows, y.cols, y.grad, 0, b.value, 0, rs, cs,
                            a.grad, 0, rowStride(a, y.rows), colStride(a, y.cols));
                }
            }
            if (tape.needsGrad(b)) {
                OpKernels.divisorReduceAcc(y.rows, y.cols, y.grad, 0, y.value, 0, b.value, 0, rs, cs, b.grad, 0);
            }
        }
    }

    /** Y = alpha · A. */
    static final class Scale extends Node {
        static final String NAME = "scale";
        private Tensor a;
        private double alpha;

        Scale() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, double alpha) {
            tape.checkOperand(NAME, a);
            Scale op = tape.reuse(Scale.class);
            if (op == null) op = new Scale();
            op.a = a;
            op.alpha = alpha;
            Tensor y = tape.record(op, a.rows, a.cols, a.requiresGrad);
            Kernels.scale(y.size, alpha, a.value, 0, y.value, 0);
            return y;
        }

        /** dA += alpha · dY. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) Kernels.axpy(out.size, alpha, out.grad, 0, a.grad, 0);
        }
    }

    /** Y = A + c for a constant number c. */
    static final class AddScalar extends Node {
        static final String NAME = "addScalar";
        private Tensor a;

        AddScalar() { super(NAME); }

        static Tensor apply(Tape tape, Tensor a, double c) {
            tape.checkOperand(NAME, a);
            AddScalar op = tape.reuse(AddScalar.class);
            if (op == null) op = new AddScalar();
            op.a = a;
            Tensor y = tape.record(op, a.rows, a.cols, a.requiresGrad);
            Kernels.addScalar(y.size, c, a.value, 0, y.value, 0);
            return y;
        }

        /** dA += dY. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(a)) Kernels.axpy(out.size, 1.0, out.grad, 0, a.grad, 0);
        }
    }
}
