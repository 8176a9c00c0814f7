package dev.elbo.models.vae;

/**
 * Active units (Burda, Grosse and Salakhutdinov 2016): latent dimension u is active when the
 * encoder's mean of it varies with the data,
 * <pre>
 *   A_u = Cov_x( E_{z ~ Q_ψ(z|x)}[z_u] ) = Var_x( μ_u(x) ) &gt; 0.01
 * </pre>
 * An inactive dimension has μ_u(x) ≈ constant: the posterior ignores x there and the decoder
 * learns to ignore z_u (its KL per dimension is near 0, the posterior collapsed to the prior).
 */
public final class ActiveUnits {
    /** The threshold of the IWAE paper. */
    public static final double THRESHOLD = 0.01;

    private ActiveUnits() {}

    /**
     * A_u for each latent dimension u: the sample variance (divisor rows − 1) over the rows of
     * data (rows × D, at least 2) of the encoder mean μ_u(x).
     */
    public static double[] activity(Vae vae, double[] data, int rows) {
        if (rows < 2) throw new IllegalArgumentException("ActiveUnits: need at least 2 examples, got " + rows);
        double[] mu = vae.latentMeans(data, rows);
        int l = vae.latentDim();
        double[] mean = new double[l], var = new double[l];
        for (int i = 0; i < rows; i++) for (int u = 0; u < l; u++) mean[u] += mu[i * l + u];
        for (int u = 0; u < l; u++) mean[u] /= rows;
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < l; u++) {
                double d = mu[i * l + u] - mean[u];
                var[u] += d * d;
            }
        }
        for (int u = 0; u < l; u++) var[u] /= rows - 1;
        return var;
    }

    /** Number of entries of activity above the threshold. */
    public static int count(double[] activity, double threshold) {
        int n = 0;
        for (double a : activity) if (a > threshold) n++;
        return n;
    }

    /** Number of active units of the model on the data, threshold {@value #THRESHOLD}. */
    public static int count(Vae vae, double[] data, int rows) {
        return count(activity(vae, data, rows), THRESHOLD);
    }
}
