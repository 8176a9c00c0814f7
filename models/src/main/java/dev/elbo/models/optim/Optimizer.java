package dev.elbo.models.optim;

import dev.elbo.autodiff.Tensor;
import java.util.List;

/**
 * Updates a fixed list of parameters from their gradients.
 *
 * <p><b>Who zeroes the gradients: the optimizer.</b> {@link #step(double)} reads each
 * parameter's {@link Tensor#grad()}, updates its {@link Tensor#value()} in place, and then
 * sets the gradient to zero, ready for the next backward pass (as the {@code Tape} example
 * shows). Whatever must see the gradient — clipping, a norm for the logs — runs before the step.
 *
 * <p>Frozen parameters ({@code requiresGrad() == false}) are skipped: neither their values nor
 * their optimizer state change.
 *
 * <p>The state ({@link #state()}: per-parameter moment buffers and the step count) is all an
 * optimizer remembers between steps, so restoring it with {@link #restore} continues the exact
 * sequence of updates, bit for bit.
 */
public interface Optimizer {

    /** The parameters this optimizer updates, in the fixed order given at construction. */
    List<Tensor> parameters();

    /**
     * One update of every (unfrozen) parameter with this learning rate, then zeroes the
     * gradients. Allocates nothing.
     */
    void step(double learningRate);

    /** Number of {@link #step} calls so far (after a restore: those of the restored run). */
    long stepCount();

    /** Short lower-case name of the algorithm, e.g. {@code "adam"}, stored in checkpoints. */
    String algorithm();

    /**
     * Names of the per-parameter buffers this optimizer keeps, e.g. {@code ["m", "v"]} for Adam;
     * empty for plain SGD.
     */
    List<String> slotNames();

    /** A copy of the state: the step count and, per slot, one buffer per parameter. */
    OptimizerState state();

    /**
     * Replaces the state with a copy of {@code state}, which must come from the same algorithm
     * with the same slots and buffers of the parameters' sizes.
     *
     * @throws IllegalArgumentException naming what does not match
     */
    void restore(OptimizerState state);
}
