package dev.elbo.models.data;

import dev.elbo.core.Rng;

/**
 * Small generated data sets with known structure, for tests and demonstrations. Each takes the
 * generator it draws from, so the same state gives the same data bit for bit.
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * n samples of the linear-Gaussian latent variable model, the VAE whose evidence is exact:
     * <pre>
     * z ~ N(0, I_L),   x = z·W + b + σ·ε,   ε ~ N(0, I_D),   so   x ~ N(b, WᵀW + σ²·I_D)
     * </pre>
     * W is L × D, row-major — the layout of a dense decoder layer (in × out), so a linear
     * decoder with weight W and bias b is exactly this model. (Written with the D × L matrix
     * A = Wᵀ of the usual notation x = A·z + b + σε, the covariance is AAᵀ + σ²I.)
     * Draws per example: the L entries of z, then the D entries of ε.
     *
     * @param w row-major L × D weights
     * @param b D biases
     */
    public static DataSet linearGaussian(int n, int latent, int dim, double[] w, double[] b, double sigma, Rng rng) {
        if (n < 0 || latent <= 0 || dim <= 0) {
            throw new IllegalArgumentException("linearGaussian: need n >= 0, L > 0, D > 0, got " + n + ", " + latent
                    + ", " + dim);
        }
        if (w.length != latent * dim || b.length != dim) {
            throw new IllegalArgumentException("linearGaussian: W must hold L·D = " + latent * dim + " values and b "
                    + dim + ", got " + w.length + " and " + b.length);
        }
        if (!(sigma >= 0 && sigma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("linearGaussian: σ must be finite and >= 0, got " + sigma);
        }
        double[] x = new double[n * dim];
        double[] z = new double[latent];
        for (int i = 0; i < n; i++) {
            rng.fillNormal(z, 0, latent);
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                double v = b[j];
                for (int l = 0; l < latent; l++) {
                    v += z[l] * w[l * dim + j];
                }
                x[row + j] = v;
            }
            for (int j = 0; j < dim; j++) {
                x[row + j] += sigma * rng.nextNormal();
            }
        }
        return DataSet.of("linear-gaussian L=" + latent + " D=" + dim + " σ=" + sigma, n, dim, x);
    }

    /**
     * n binary "bars" images of size × size pixels: each of the size rows and size columns is
     * a bar switched on independently with probability p, and a pixel is 1 when a bar through
     * it is on. Draws per image: the row bars top to bottom, then the column bars left to right.
     * A classic test of whether a model finds independent causes.
     */
    public static DataSet bars(int n, int size, double p, Rng rng) {
        if (n < 0 || size <= 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bars: need n >= 0, size > 0, p in [0, 1], got " + n + ", " + size
                    + ", " + p);
        }
        int d = size * size;
        double[] x = new double[n * d];
        boolean[] rowOn = new boolean[size];
        boolean[] colOn = new boolean[size];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < size; r++) {
                rowOn[r] = rng.nextDouble() < p;
            }
            for (int c = 0; c < size; c++) {
                colOn[c] = rng.nextDouble() < p;
            }
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    x[i * d + r * size + c] = rowOn[r] || colOn[c] ? 1.0 : 0.0;
                }
            }
        }
        return DataSet.images("bars " + size + "×" + size + " p=" + p, n, size, size, x, null);
    }

    /**
     * n spin configurations of the two-dimensional Ising model on a side × side periodic
     * lattice at temperature T (coupling J = 1, no field, k_B = 1), sampled by Markov chain
     * Monte Carlo (see {@link Ising}), spin +1 written as 1 and −1 as 0. The chain starts from
     * random spins, runs {@code burnIn} updates, then records a configuration every
     * {@code spacing} updates. Images of side × side pixels.
     */
    public static DataSet ising(int n, int side, double temperature, Ising.Sampler sampler, int burnIn,
                                int spacing, Rng rng) {
        if (n < 0 || burnIn < 0 || spacing < 1) {
            throw new IllegalArgumentException("ising: need n >= 0, burn-in >= 0, spacing >= 1, got " + n + ", "
                    + burnIn + ", " + spacing);
        }
        Ising chain = new Ising(side, temperature, sampler, rng);
        for (int u = 0; u < burnIn; u++) {
            chain.update();
        }
        int d = side * side;
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < spacing; u++) {
                chain.update();
            }
            int[] spins = chain.spins();
            for (int k = 0; k < d; k++) {
                x[i * d + k] = spins[k] > 0 ? 1.0 : 0.0;
            }
        }
        return DataSet.images("ising " + side + "×" + side + " T=" + temperature + " " + sampler.name().toLowerCase(),
                n, side, side, x, null);
    }
}
