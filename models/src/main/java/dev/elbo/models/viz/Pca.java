package dev.elbo.models.viz;

/**
 * Principal component analysis of {@code n} points in {@code d} dimensions, for drawing latent
 * codes of more than two dimensions in the plane: the components are the eigenvectors of the
 * sample covariance {@code C = (1/(n−1)) Σᵢ (xᵢ − x̄)(xᵢ − x̄)ᵀ}, in decreasing order of their
 * eigenvalue, the variance of the points along them. Projecting on the first two keeps as much of
 * the spread as a plane can.
 *
 * <p>Each component's sign is fixed (its largest coordinate is positive), so the same data give
 * the same picture every time.
 */
public final class Pca {
    private final int dim;
    private final double[] mean;
    private final double[] components;
    private final double[] variances;

    private Pca(int dim, double[] mean, double[] components, double[] variances) {
        this.dim = dim;
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /** Fits the components of the {@code n × d} points {@code x} (row-major), n ≥ 2. */
    public static Pca fit(double[] x, int n, int d) {
        if (n < 2 || d < 1 || (long) n * d != x.length) {
            throw new IllegalArgumentException("Pca.fit: " + x.length + " values as " + n + " points of " + d
                    + " dimensions (at least 2 points)");
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] cov = new double[d * d];
        double[] centred = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[j] = x[i * d + j] - mean[j];
                if (!Double.isFinite(centred[j])) {
                    throw new IllegalArgumentException("Pca.fit: point " + i + ", dimension " + j + " is "
                            + x[i * d + j]);
                }
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                for (int b = a; b < d; b++) {
                    cov[a * d + b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a * d + b] /= n - 1;
                cov[b * d + a] = cov[a * d + b];
            }
        }
        SymmetricEigen.Result eig = SymmetricEigen.decompose(cov, d);
        double[] variances = eig.values().clone();
        for (int k = 0; k < d; k++) {
            variances[k] = Math.max(0, variances[k]); // rounding can leave a tiny negative
        }
        return new Pca(d, mean, eig.vectors(), variances);
    }

    /** Dimension of the points. */
    public int dim() {
        return dim;
    }

    /** The mean point (length d). */
    public double[] mean() {
        return mean.clone();
    }

    /** Component {@code k} (0 = most variance), a unit vector of length d. */
    public double[] component(int k) {
        double[] c = new double[dim];
        System.arraycopy(components, k * dim, c, 0, dim);
        return c;
    }

    /** The variance along component {@code k}. */
    public double variance(int k) {
        return variances[k];
    }

    /** The share of the total variance along component {@code k}, in [0, 1]. */
    public double explained(int k) {
        double total = 0;
        for (double v : variances) {
            total += v;
        }
        return total == 0 ? 0 : variances[k] / total;
    }

    /** Coordinates of the {@code n × d} points on the first {@code k} components: {@code n × k}. */
    public double[] project(double[] x, int n, int k) {
        if (k < 1 || k > dim || (long) n * dim != x.length) {
            throw new IllegalArgumentException("Pca.project: " + x.length + " values as " + n + " points of " + dim
                    + " dimensions onto " + k + " components");
        }
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += (x[i * dim + j] - mean[j]) * components[c * dim + j];
                }
                out[i * k + c] = s;
            }
        }
        return out;
    }
}
