package dev.elbo.models.optim;

import dev.elbo.autodiff.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum (heavy ball or Nesterov) and L2 weight
 * decay, in the convention of most libraries (the velocity accumulates gradients, the learning
 * rate multiplies it when applied):
 * <pre>
 * g ← g + λ·θ                        λ the weight decay (0 = none)
 * u ← μ·u + g                        μ the momentum (u starts at 0, so u = g at step 1)
 * θ ← θ − η·u                        heavy ball
 * θ ← θ − η·(g + μ·u)                Nesterov
 * </pre>
 * With μ = 0 this is plain SGD, θ ← θ − η·g, and there is no state besides the step count.
 * With a constant gradient g the velocity after t steps is g·(1 − μᵗ)/(1 − μ): the step grows
 * towards η·g/(1 − μ).
 *
 * <p>State slot: {@code "velocity"} (u), one buffer per parameter, when μ &gt; 0.
 */
public final class Sgd extends SlotOptimizer {

    /**
     * Hyper-parameters.
     *
     * @param momentum    μ in [0, 1); 0 = plain SGD
     * @param nesterov    look-ahead form of the momentum (needs μ &gt; 0)
     * @param weightDecay λ ≥ 0, added as λ·θ to the gradient
     */
    public record Settings(double momentum, boolean nesterov, double weightDecay) {
        /** Checks the ranges. */
        public Settings {
            requireIn("Sgd: momentum", momentum, 0, false, 1, true);
            requireIn("Sgd: weight decay", weightDecay, 0, false, Double.POSITIVE_INFINITY, true);
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Sgd: Nesterov momentum needs a momentum > 0");
            }
        }

        /** Plain SGD: no momentum, no weight decay. */
        public static Settings plain() {
            return new Settings(0, false, 0);
        }
    }

    private final Settings settings;

    public Sgd(List<Tensor> parameters, Settings settings) {
        super("sgd", parameters, settings.momentum() > 0 ? List.of("velocity") : List.of());
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    void update(int p, double learningRate) {
        Tensor param = params[p];
        double[] velocity = slots.length > 0 ? slots[0][p] : null;
        update(param.size(), param.value(), param.grad(), velocity, settings.momentum(), settings.nesterov(),
                settings.weightDecay(), learningRate);
    }

    /** The loop of one update over n entries (velocity null when μ = 0). */
    static void update(int n, double[] theta, double[] grad, double[] velocity, double momentum,
                       boolean nesterov, double weightDecay, double lr) {
        for (int i = 0; i < n; i++) {
            double g = grad[i] + weightDecay * theta[i];
            double direction = g;
            if (velocity != null) {
                double u = momentum * velocity[i] + g;
                velocity[i] = u;
                direction = nesterov ? g + momentum * u : u;
            }
            theta[i] -= lr * direction;
        }
    }
}
