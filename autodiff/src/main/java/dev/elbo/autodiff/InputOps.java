package dev.elbo.autodiff;

/**
 * Per-step inputs: constants whose buffers the tape owns and reuses, so feeding a minibatch
 * or a draw of noise each step allocates nothing once shapes repeat.
 */
final class InputOps {
    private InputOps() {}

    /** A constant recorded on the tape (data, noise, masks). Nothing flows back. */
    static final class Constant extends Node {
        static final String NAME = "constant";

        Constant() { super(NAME); }

        /** A pooled constant of the given shape; its values are whatever the caller writes. */
        static Tensor apply(Tape tape, String name, int rows, int cols) {
            Constant op = tape.reuse(Constant.class);
            if (op == null) op = new Constant();
            return tape.recordConstant(op, name, rows, cols);
        }

        @Override
        void backward(Tape tape) {}
    }
}
