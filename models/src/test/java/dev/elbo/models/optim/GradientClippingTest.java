package dev.elbo.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GradientClippingTest {

    static LongStream seeds() {
        return LongStream.range(1, 11);
    }

    private static Tensor withGrad(String name, int rows, int cols, SplittableRandom r, double scale) {
        Tensor t = Tensor.parameter(name, rows, cols);
        for (int i = 0; i < t.size(); i++) t.grad()[i] = scale * (2 * r.nextDouble() - 1);
        return t;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void clippingCapsTheGlobalNormAndKeepsTheDirection(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 1 + r.nextInt(4), cols = 1 + r.nextInt(5);
        Tensor a = withGrad("a", rows, cols, r, 3);
        Tensor b = withGrad("b", 1, 1 + r.nextInt(6), r, 3);
        double sumOfSquares = 0;
        for (double g : a.grad()) sumOfSquares += g * g;
        for (double g : b.grad()) sumOfSquares += g * g;
        double norm = Math.sqrt(sumOfSquares);
        double[] a0 = a.grad().clone(), b0 = b.grad().clone();
        String shape = "seed " + seed + ", a " + a.shape() + ", b " + b.shape();

        double max = norm * (0.2 + 0.6 * r.nextDouble());
        double reported = GradientClipping.clipByGlobalNorm(List.of(a, b), max);
        assertEquals(norm, reported, 1e-12 * norm, shape);
        assertEquals(max, GradientClipping.globalNorm(List.of(a, b)), 1e-12 * max, shape);
        for (int i = 0; i < a0.length; i++) assertEquals(a0[i] * max / norm, a.grad()[i], 1e-14, shape);
        for (int i = 0; i < b0.length; i++) assertEquals(b0[i] * max / norm, b.grad()[i], 1e-14, shape);

        // within the bound: untouched
        double[] a1 = a.grad().clone();
        GradientClipping.clipByGlobalNorm(List.of(a, b), 2 * max);
        assertArrayEquals(a1, a.grad(), shape);
    }

    @Test
    void nonFiniteNormsAreReportedAndNotSpread() {
        Tensor a = Tensor.parameter("a", 1, 3);
        a.grad()[0] = 1;
        a.grad()[1] = Double.NaN;
        Tensor b = Tensor.parameter("b", 1, 2);
        b.grad()[0] = 5;
        assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0)));
        assertEquals(5, b.grad()[0]);
        a.grad()[1] = Double.POSITIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0));
        assertEquals(5, b.grad()[0]);
    }

    @Test
    void infiniteBoundOnlyMeasures() {
        Tensor a = Tensor.parameter("a", 1, 2);
        a.grad()[0] = 3;
        a.grad()[1] = 4;
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a), Double.POSITIVE_INFINITY));
        assertArrayEquals(new double[] {3, 4}, a.grad());
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(List.of(a), 0));
    }
}
