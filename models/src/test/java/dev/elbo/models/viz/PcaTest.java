package dev.elbo.models.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PCA on points whose principal axes and variances are known by construction. */
class PcaTest {

    static Stream<Arguments> cases() {
        return Stream.of(2, 3, 5, 8, 13, 32).flatMap(d -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(d, seed)));
    }

    /** A random orthonormal basis (rows), by Gram–Schmidt on Gaussian vectors. */
    static double[][] basis(int d, Random rnd) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = rnd.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = dot(q[i], q[k]);
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = Math.sqrt(dot(q[i], q[i]));
            for (int j = 0; j < d; j++) {
                q[i][j] /= norm;
            }
        }
        return q;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Points c ± a_k·u_k for each axis u_k of a random basis: mean c, and covariance exactly
     * Σ_k 2a_k²/(n−1)·u_k u_kᵀ with n = 2d, so the components are the u_k, in decreasing a_k.
     */
    @ParameterizedTest(name = "d {0}, seed {1}")
    @MethodSource("cases")
    void findsTheAxesOfAStar(int d, long seed) {
        Random rnd = new Random(seed);
        double[][] u = basis(d, rnd);
        double[] a = new double[d];
        for (int k = 0; k < d; k++) {
            a[k] = (d - k) + 0.5 * rnd.nextDouble(); // distinct, decreasing
        }
        double[] c = new double[d];
        for (int j = 0; j < d; j++) {
            c[j] = 10 * rnd.nextGaussian();
        }
        int n = 2 * d;
        double[] x = new double[n * d];
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < d; j++) {
                x[(2 * k) * d + j] = c[j] + a[k] * u[k][j];
                x[(2 * k + 1) * d + j] = c[j] - a[k] * u[k][j];
            }
        }
        Pca pca = Pca.fit(x, n, d);
        String where = "d " + d + ", seed " + seed;
        assertArrayEquals(c, pca.mean(), 1e-9, where);
        double total = 0;
        for (int k = 0; k < d; k++) {
            total += 2 * a[k] * a[k] / (n - 1);
        }
        for (int k = 0; k < d; k++) {
            double expected = 2 * a[k] * a[k] / (n - 1);
            assertEquals(expected, pca.variance(k), 1e-9 * expected * d, where + ", component " + k);
            assertEquals(expected / total, pca.explained(k), 1e-9, where);
            double alignment = Math.abs(dot(pca.component(k), u[k]));
            assertEquals(1, alignment, 1e-8, where + ": component " + k + " is ±u_" + k);
        }
        // the projection of c + a_0 u_0 on the first component is ±a_0, on the second 0
        double[] p = pca.project(java.util.Arrays.copyOfRange(x, 0, d), 1, 2);
        assertEquals(a[0], Math.abs(p[0]), 1e-9 * a[0], where);
        assertEquals(0, p[1], 1e-9 * a[0], where);
    }

    /** Gaussian samples with covariance Q diag(σ²) Qᵀ: the estimate converges to the truth. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void recoversAGaussiansAxes(long seed) {
        Random rnd = new Random(seed);
        int d = 6;
        int n = 20_000;
        double[] sigma = {5, 3, 2, 1, 0.5, 0.25};
        double[][] q = basis(d, rnd);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double e = sigma[k] * rnd.nextGaussian();
                for (int j = 0; j < d; j++) {
                    x[i * d + j] += e * q[k][j];
                }
            }
        }
        Pca pca = Pca.fit(x, n, d);
        for (int k = 0; k < d; k++) {
            double v = sigma[k] * sigma[k];
            // the sample variance has relative standard error √(2/n) ≈ 1%: allow 5%
            assertEquals(v, pca.variance(k), 0.05 * v, "seed " + seed + ", component " + k);
            assertTrue(Math.abs(dot(pca.component(k), q[k])) > 0.98, "seed " + seed + ", component " + k);
        }
    }

    static Stream<Long> seeds() {
        return Stream.of(11L, 12L, 13L);
    }

    @Test
    void signsAreFixedSoPicturesRepeat() {
        double[] x = {1, 2, -1, -2, 3, 6.5, -3, -6};
        Pca a = Pca.fit(x, 4, 2);
        double[] c = a.component(0);
        int largest = Math.abs(c[0]) >= Math.abs(c[1]) ? 0 : 1;
        assertTrue(c[largest] > 0, java.util.Arrays.toString(c));
        assertArrayEquals(a.project(x, 4, 2), Pca.fit(x, 4, 2).project(x, 4, 2), 0.0);
    }

    @Test
    void refusesWhatCannotBeFitted() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[] {1, 2}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[] {1, Double.NaN, 3, 4}, 2, 2));
    }
}
