package dev.elbo.models.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Jacobi eigen-decomposition of matrices built as Q diag(λ) Qᵀ with known λ and Q. */
class SymmetricEigenTest {

    static Stream<Arguments> cases() {
        return Stream.of(1, 2, 3, 4, 7, 16, 50).flatMap(d -> Stream.of(1L, 2L).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "d {0}, seed {1}")
    @MethodSource("cases")
    void recoversEigenvaluesAndVectors(int d, long seed) {
        Random rnd = new Random(seed);
        double[][] q = PcaTest.basis(d, rnd);
        double[] lambda = new double[d];
        for (int k = 0; k < d; k++) {
            lambda[k] = rnd.nextGaussian() * 10; // any sign
        }
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += q[k][i] * lambda[k] * q[k][j];
                }
                a[i * d + j] = s;
            }
        }
        SymmetricEigen.Result r = SymmetricEigen.decompose(a, d);
        double[] sorted = lambda.clone();
        Arrays.sort(sorted);
        String where = "d " + d + ", seed " + seed;
        for (int k = 0; k < d; k++) {
            assertEquals(sorted[d - 1 - k], r.values()[k], 1e-9 * 10 * d, where + ": eigenvalue " + k);
        }
        for (int k = 0; k < d; k++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r.vector(k, j);
            }
            assertEquals(1, PcaTest.dot(v, v), 1e-10, where + ": unit vector " + k);
            for (int i = 0; i < d; i++) { // A v = λ v
                double av = 0;
                for (int j = 0; j < d; j++) {
                    av += a[i * d + j] * v[j];
                }
                assertEquals(r.values()[k] * v[i], av, 1e-8 * 10 * d, where + ": (Av)_" + i + " for vector " + k);
            }
        }
    }

    @Test
    void diagonalMatrixNeedsNoRotation() {
        SymmetricEigen.Result r = SymmetricEigen.decompose(new double[] {1, 0, 0, 0, 3, 0, 0, 0, 2}, 3);
        assertEquals(3, r.values()[0]);
        assertEquals(2, r.values()[1]);
        assertEquals(1, r.values()[2]);
        assertEquals(1, r.vector(0, 1));
        assertEquals(1, r.vector(1, 2));
    }

    @Test
    void repeatedEigenvaluesStillGiveAnOrthonormalBasis() {
        double[] identity = {2, 0, 0, 2};
        SymmetricEigen.Result r = SymmetricEigen.decompose(identity, 2);
        assertEquals(2, r.values()[0]);
        assertEquals(2, r.values()[1]);
        assertEquals(0, r.vector(0, 0) * r.vector(1, 0) + r.vector(0, 1) * r.vector(1, 1), 1e-15);
    }
}
