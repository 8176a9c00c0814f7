package dev.elbo.autodiff;

/**
 * One recorded op: it holds references to its inputs (and anything else its backward pass
 * needs) and its output tensor {@link #out}.
 *
 * <p>Each op is a small subclass with two halves side by side: a static {@code apply} that
 * checks shapes, obtains its node from the tape (reusing last step's one when possible), and
 * computes the output; and {@link #backward}, the vector-Jacobian product, which reads
 * {@code out.grad} (dL/d out) and adds dL/d input into the gradient of each input for which
 * {@link Tape#needsGrad} says so.
 *
 * <p>Nodes are reused across steps, so their fields are overwritten by each {@code apply}: an
 * op must not keep state that outlives one step except buffers it sizes itself.
 */
abstract class Node {
    /** The op's name, as used in error messages and in intermediate tensor names. */
    final String op;
    /** The output; kept across steps so its buffers can be reused. */
    Tensor out;

    Node(String op) {
        this.op = op;
    }

    /** Adds this op's vector-Jacobian product into its inputs' gradients. */
    abstract void backward(Tape tape);
}
