package dev.elbo.models.train;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.optim.GradientClipping;
import dev.elbo.models.optim.Optimizer;
import dev.elbo.models.vae.BoundTerms;
import dev.elbo.models.vae.Objective;
import java.util.List;
import java.util.Objects;

/**
 * One optimizer step of an objective on one minibatch, exactly as {@link Trainer} takes it
 * (public so that benchmarks time the very same code):
 * <ol>
 *   <li>with a binarization stream, each value p of the batch is replaced, in place, by a
 *       Bernoulli(p) draw (dynamic binarization);</li>
 *   <li>{@code tape.reset()}; the objective records its loss with the given KL weight and fills
 *       the bound's terms;</li>
 *   <li>the loss and the terms are checked finite — else a {@link TrainingDivergedException},
 *       before any parameter changes;</li>
 *   <li>{@code tape.backward(loss)}; the gradients are clipped to the global norm (which is
 *       checked finite too);</li>
 *   <li>the optimizer steps with the given learning rate and zeroes the gradients.</li>
 * </ol>
 * Nothing is allocated once warm. Not thread-safe (one tape).
 */
public final class TrainingStep {
    private final Objective objective;
    private final Optimizer optimizer;
    private final List<Tensor> parameters;
    private final double clipBound;
    private final Rng noise;
    private final Rng binarization;
    private final Tape tape = new Tape();
    private final BoundTerms terms = new BoundTerms();
    private double loss;
    private double gradientNorm;

    /**
     * @param clipBound    the global gradient norm bound, +∞ for none
     * @param noise        the stream of the reparameterization noise
     * @param binarization the stream of dynamic binarization, or null to use the batch as it is
     */
    public TrainingStep(Objective objective, Optimizer optimizer, double clipBound, Rng noise, Rng binarization) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.parameters = List.copyOf(optimizer.parameters());
        this.clipBound = clipBound;
        this.noise = Objects.requireNonNull(noise, "noise");
        this.binarization = binarization;
    }

    /**
     * One step on {@code batch[0, rows·dimension)} (row-major, binarized in place when this step
     * binarizes). {@code epoch} and {@code batchIndex} (1-based) only name the step in a
     * {@link TrainingDivergedException}. Returns the loss.
     */
    public double run(double[] batch, int rows, int dimension, double learningRate, double klWeight,
                      int epoch, int batchIndex) {
        if (binarization != null) {
            Binarization.binarizeInPlace(batch, 0, rows * dimension, binarization);
        }
        tape.reset();
        Tensor lossTensor = objective.loss(tape, tape.constant("x", rows, dimension, batch, 0), noise, klWeight, terms);
        loss = lossTensor.item();
        requireFinite(loss, "the loss", epoch, batchIndex, learningRate);
        requireFinite(terms.reconstruction, "the reconstruction term", epoch, batchIndex, learningRate);
        requireFinite(terms.kl, "the KL term", epoch, batchIndex, learningRate);
        requireFinite(terms.bound, "the bound", epoch, batchIndex, learningRate);
        tape.backward(lossTensor);
        gradientNorm = GradientClipping.clipByGlobalNorm(parameters, clipBound);
        requireFinite(gradientNorm, "the gradient norm", epoch, batchIndex, learningRate);
        optimizer.step(learningRate);
        return loss;
    }

    /** The bound's terms of the last step (a live holder, overwritten by the next step). */
    public BoundTerms terms() {
        return terms;
    }

    /** The loss of the last step. */
    public double loss() {
        return loss;
    }

    /** The global gradient norm of the last step, before clipping. */
    public double gradientNorm() {
        return gradientNorm;
    }

    private static void requireFinite(double value, String term, int epoch, int batch, double learningRate) {
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(epoch, batch, term, value, learningRate);
        }
    }
}
