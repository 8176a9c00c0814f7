package dev.elbo.models.viz;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method: plane
 * rotations, each chosen to zero one off-diagonal entry, swept over all pairs until the
 * off-diagonal part is negligible. Slower than QR for large matrices (each sweep costs O(d³)),
 * but short, unconditionally stable, and accurate to the last digits for the covariance matrices
 * of latent codes (d up to a few hundred).
 */
final class SymmetricEigen {
    private SymmetricEigen() {}

    private static final int MAX_SWEEPS = 100;

    /** Eigenvalues in decreasing order and the matching unit eigenvectors (rows of {@code vectors}). */
    record Result(double[] values, double[] vectors, int dim) {
        /** Component {@code j} of eigenvector {@code k}. */
        double vector(int k, int j) {
            return vectors[k * dim + j];
        }
    }

    /**
     * Decomposes the symmetric {@code d × d} matrix {@code a} (row-major; only read, and only
     * its symmetric part matters).
     */
    static Result decompose(double[] a, int d) {
        if (d <= 0 || a.length != d * d) {
            throw new IllegalArgumentException("SymmetricEigen: " + a.length + " values are not a " + d + "×" + d
                    + " matrix");
        }
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i * d + j] = 0.5 * (a[i * d + j] + a[j * d + i]);
            }
        }
        double[] v = new double[d * d]; // columns are the eigenvectors while rotating
        for (int i = 0; i < d; i++) {
            v[i * d + i] = 1;
        }
        double scale = 0;
        for (double x : m) {
            scale += x * x;
        }
        double tolerance = 1e-30 * Math.max(scale, Double.MIN_NORMAL);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += m[p * d + q] * m[p * d + q];
                }
            }
            if (off <= tolerance) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotate(m, v, d, p, q);
                }
            }
        }
        // sort by eigenvalue, largest first; eigenvectors become rows, sign fixed for determinism
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y * d + y], m[x * d + x]));
        double[] values = new double[d];
        double[] vectors = new double[d * d];
        for (int k = 0; k < d; k++) {
            int col = order[k];
            values[k] = m[col * d + col];
            int largest = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[j * d + col]) > Math.abs(v[largest * d + col])) {
                    largest = j;
                }
            }
            double sign = v[largest * d + col] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) {
                vectors[k * d + j] = sign * v[j * d + col];
            }
        }
        return new Result(values, vectors, d);
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes m[p][q]. */
    private static void rotate(double[] m, double[] v, int d, int p, int q) {
        double apq = m[p * d + q];
        if (apq == 0) {
            return;
        }
        double app = m[p * d + p];
        double aqq = m[q * d + q];
        // t = tan(θ) as the smaller root of t² + 2τt − 1 = 0, τ = (aqq − app) / (2 apq): stable
        double tau = (aqq - app) / (2 * apq);
        double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        if (tau == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        for (int k = 0; k < d; k++) {
            double mkp = m[k * d + p];
            double mkq = m[k * d + q];
            m[k * d + p] = c * mkp - s * mkq;
            m[k * d + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) {
            double mpk = m[p * d + k];
            double mqk = m[q * d + k];
            m[p * d + k] = c * mpk - s * mqk;
            m[q * d + k] = s * mpk + c * mqk;
        }
        m[p * d + q] = 0;
        m[q * d + p] = 0;
        for (int k = 0; k < d; k++) {
            double vkp = v[k * d + p];
            double vkq = v[k * d + q];
            v[k * d + p] = c * vkp - s * vkq;
            v[k * d + q] = s * vkp + c * vkq;
        }
    }
}
