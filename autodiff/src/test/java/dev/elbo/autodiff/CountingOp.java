package dev.elbo.autodiff;

import dev.elbo.core.Kernels;

/** Test op: y = x, counting its backward calls (to see which VJPs the tape runs). */
final class CountingOp extends Node {
    static int backwardCalls;
    private Tensor x;

    CountingOp() { super("counting"); }

    static Tensor apply(Tape tape, Tensor x) {
        tape.checkOperand("counting", x);
        CountingOp op = tape.reuse(CountingOp.class);
        if (op == null) op = new CountingOp();
        op.x = x;
        Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
        System.arraycopy(x.value, 0, y.value, 0, x.size);
        return y;
    }

    @Override
    void backward(Tape tape) {
        backwardCalls++;
        if (tape.needsGrad(x)) Kernels.axpy(x.size, 1.0, out.grad, 0, x.grad, 0);
    }
}
