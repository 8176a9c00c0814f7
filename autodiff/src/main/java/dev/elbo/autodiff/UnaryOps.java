package dev.elbo.autodiff;

import dev.elbo.core.Kernels;
import dev.elbo.core.OpKernels;

/**
 * Elementwise functions y = f(x) and their derivatives: exp, log, square and the activations
 * (softplus, sigmoid, tanh, relu, elu). Each backward is dx += dy ⊙ f'(x), with f' written
 * from whichever of x and y makes it cheapest and stable (tanh' = 1 − y², exp' = y, …).
 */
final class UnaryOps {
    private UnaryOps() {}

    /** y = exp(x). */
    static final class Exp extends Node {
        static final String NAME = "exp";
        private Tensor x;

        Exp() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Exp op = tape.reuse(Exp.class);
            if (op == null) op = new Exp();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.exp(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy ⊙ y. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.mulAcc(out.size, out.grad, 0, out.value, 0, x.grad, 0);
        }
    }

    /** y = log(x) (natural logarithm; x ≤ 0 gives −∞ or NaN as Math.log does). */
    static final class Log extends Node {
        static final String NAME = "log";
        private Tensor x;

        Log() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Log op = tape.reuse(Log.class);
            if (op == null) op = new Log();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.log(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy / x. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.divAcc(out.size, out.grad, 0, x.value, 0, x.grad, 0);
        }
    }

    /** y = x². */
    static final class Square extends Node {
        static final String NAME = "square";
        private Tensor x;

        Square() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Square op = tape.reuse(Square.class);
            if (op == null) op = new Square();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.square(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += 2 · dy ⊙ x. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) OpKernels.mulAcc(out.size, 2.0, out.grad, 0, x.value, 0, x.grad, 0);
        }
    }

    /** y = softplus(x) = log(1 + eˣ), stable for any x. */
    static final class Softplus extends Node {
        static final String NAME = "softplus";
        private Tensor x;

        Softplus() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Softplus op = tape.reuse(Softplus.class);
            if (op == null) op = new Softplus();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.softplus(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy ⊙ σ(x). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.softplusBackwardAcc(out.size, x.value, 0, out.grad, 0, x.grad, 0);
        }
    }

    /** y = σ(x) = 1 / (1 + e⁻ˣ). */
    static final class Sigmoid extends Node {
        static final String NAME = "sigmoid";
        private Tensor x;

        Sigmoid() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Sigmoid op = tape.reuse(Sigmoid.class);
            if (op == null) op = new Sigmoid();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.sigmoid(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy ⊙ y(1 − y). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.sigmoidBackwardAcc(out.size, out.value, 0, out.grad, 0, x.grad, 0);
        }
    }

    /** y = tanh(x). */
    static final class Tanh extends Node {
        static final String NAME = "tanh";
        private Tensor x;

        Tanh() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Tanh op = tape.reuse(Tanh.class);
            if (op == null) op = new Tanh();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.tanh(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy ⊙ (1 − y²). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.tanhBackwardAcc(out.size, out.value, 0, out.grad, 0, x.grad, 0);
        }
    }

    /** y = max(x, 0). */
    static final class Relu extends Node {
        static final String NAME = "relu";
        private Tensor x;

        Relu() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Relu op = tape.reuse(Relu.class);
            if (op == null) op = new Relu();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            Kernels.relu(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy where x &gt; 0 (derivative taken as 0 at x = 0). */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) Kernels.reluBackwardAcc(out.size, x.value, 0, out.grad, 0, x.grad, 0);
        }
    }

    /** y = x for x &gt; 0, eˣ − 1 otherwise (ELU with α = 1). */
    static final class Elu extends Node {
        static final String NAME = "elu";
        private Tensor x;

        Elu() { super(NAME); }

        static Tensor apply(Tape tape, Tensor x) {
            tape.checkOperand(NAME, x);
            Elu op = tape.reuse(Elu.class);
            if (op == null) op = new Elu();
            op.x = x;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            OpKernels.elu(y.size, x.value, 0, y.value, 0);
            return y;
        }

        /** dx += dy for x &gt; 0, dy ⊙ (y + 1) otherwise. */
        @Override
        void backward(Tape tape) {
            if (tape.needsGrad(x)) {
                OpKernels.eluBackwardAcc(out.size, x.value, 0, out.value, 0, out.grad, 0, x.grad, 0);
            }
        }
    }
}
