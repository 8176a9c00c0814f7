package dev.elbo.models.optim;

import dev.elbo.autodiff.Tensor;
import dev.elbo.core.AdamKernel;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), bias-corrected, with optional decoupled weight decay (AdamW,
 * Loshchilov and Hutter, 2019).
 *
 * <p>At update t = 1, 2, … with gradient g, for each entry of each parameter θ:
 * <pre>
 * m ← β₁·m + (1 − β₁)·g              first moment (running mean of g)
 * v ← β₂·v + (1 − β₂)·g²             second moment (running mean of g²)
 * m̂ = m / (1 − β₁ᵗ)                  bias corrections: m and v start at 0, so early
 * v̂ = v / (1 − β₂ᵗ)                  averages are too small by exactly these factors
 * θ ← θ − η·( m̂ / (√v̂ + ε) + λ·θ )   η the learning rate, λ the weight decay (0 = plain Adam)
 * </pre>
 * β₁ᵗ and β₂ᵗ are running products, β multiplied in once per step (a restored optimizer
 * multiplies its way up to the restored step count): they depend on the step count alone,
 * are the same on every JVM, and cost no allocation ({@code StrictMath.pow} allocates on
 * JDK 17, {@code Math.pow} may differ between JIT tiers).
 *
 * <p>State slots: {@code "m"} and {@code "v"}, one buffer per parameter.
 */
public final class Adam extends SlotOptimizer {

    /**
     * Hyper-parameters.
     *
     * @param beta1       decay of the first moment, in [0, 1); 0.9 usually
     * @param beta2       decay of the second moment, in [0, 1); 0.999 usually
     * @param epsilon     added to √v̂ so the step stays bounded where v̂ ≈ 0; &gt; 0, 1e-8 usually
     * @param weightDecay λ of the decoupled decay, ≥ 0 (0 = none)
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        /** Checks the ranges. */
        public Settings {
            requireIn("Adam: beta1", beta1, 0, false, 1, true);
            requireIn("Adam: beta2", beta2, 0, false, 1, true);
            requireIn("Adam: epsilon", epsilon, 0, true, Double.POSITIVE_INFINITY, true);
            requireIn("Adam: weight decay", weightDecay, 0, false, Double.POSITIVE_INFINITY, true);
        }

        /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay: the paper's defaults. */
        public static Settings defaults() {
            return new Settings(0.9, 0.999, 1e-8, 0.0);
        }
    }

    private static final int M = 0;
    private static final int V = 1;

    private final Settings settings;
    // β₁ᵗ and β₂ᵗ for t = powersAt, advanced to the current step before each update
    private double beta1Power = 1;
    private double beta2Power = 1;
    private long powersAt;

    /** Adam with the default settings. */
    public Adam(List<Tensor> parameters) {
        this(parameters, Settings.defaults());
    }

    public Adam(List<Tensor> parameters, Settings settings) {
        super("adam", parameters, List.of("m", "v"));
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    void update(int p, double learningRate) {
        if (powersAt != step) {
            advancePowers();
        }
        Tensor param = params[p];
        // The loop of the class comment's formulas, vectorized and split among threads.
        AdamKernel.update(param.size(), param.value(), param.grad(), slots[M][p], slots[V][p], 0,
                settings.beta1(), settings.beta2(), settings.epsilon(), settings.weightDecay(),
                1 - beta1Power, 1 - beta2Power, learningRate);
    }

    /** Brings β₁ᵗ and β₂ᵗ to t = step (from t = 0 again if a restore went back in time). */
    private void advancePowers() {
        if (powersAt > step) {
            beta1Power = 1;
            beta2Power = 1;
            powersAt = 0;
        }
        while (powersAt < step) {
            beta1Power *= settings.beta1();
            beta2Power *= settings.beta2();
            powersAt++;
        }
    }
}
