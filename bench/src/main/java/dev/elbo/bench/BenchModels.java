package dev.elbo.bench;

import dev.elbo.core.Rng;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.vae.VaeSpec;
import java.util.List;

/** The two MNIST models of the side-by-side comparison, and MNIST-like data to feed them. */
final class BenchModels {
    private BenchModels() {}

    static final int PIXELS = 784;

    /** The IWAE paper's model: 784-200-200-50, tanh, Bernoulli, batch 100. */
    static final String IWAE = "iwae";
    /** The PyTorch example's model: 784-400-20, relu, Bernoulli, batch 128. */
    static final String PYTORCH = "pytorch";

    static VaeSpec spec(String model) {
        switch (model) {
            case IWAE:
                return VaeSpec.symmetric(PIXELS, List.of(200, 200), 50, Activation.TANH, LikelihoodSpec.bernoulli());
            case PYTORCH:
                return VaeSpec.symmetric(PIXELS, List.of(400), 20, Activation.RELU, LikelihoodSpec.bernoulli());
            default:
                throw new IllegalArgumentException("unknown model '" + model + "' (iwae or pytorch)");
        }
    }

    static int batch(String model) {
        return IWAE.equals(model) ? 100 : 128;
    }

    /**
     * {@code rows} grey-level images like MNIST's in density: about 19% of the pixels lit with a
     * level in [0.5, 1), the rest 0 (the mean intensity of MNIST is 0.13).
     */
    static double[] images(int rows, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[rows * PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.19 ? 0.5 + 0.5 * rng.nextDouble() : 0.0;
        }
        return x;
    }

    /** As {@link #images}, each pixel then drawn once to 0 or 1 (a binarized test set). */
    static double[] binaryImages(int rows, long seed) {
        double[] x = images(rows, seed);
        Rng rng = new Rng(seed + 1);
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < x[i] ? 1.0 : 0.0;
        return x;
    }
}
