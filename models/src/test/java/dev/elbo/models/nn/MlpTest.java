package dev.elbo.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.GradCheck;
import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MlpTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{3, 2}, {4, 5, 2}, {6, 3, 4, 5}, {1, 1}, {2, 7, 7, 7, 3}};
        for (Activation a : Activation.values()) {
            for (int s = 0; s < shapes.length; s++) cases.add(Arguments.of(a, shapes[s], 100L * a.ordinal() + s));
        }
        return cases.stream();
    }

    /** The forward pass against plain loops: h = act(h·W + b) for hidden layers, linear last. */
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void forwardIsTheCompositionOfAffineMapsAndActivations(Activation act, int[] sizes, long seed) {
        Mlp mlp = new Mlp("net", sizes, act, new Rng(seed));
        Rng rng = new Rng(seed + 1);
        for (Tensor p : mlp.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] = rng.nextNormal() * 0.7;
        int n = 4;
        double[] x = new double[n * sizes[0]];
        rng.fillNormal(x, 0, x.length);
        Tape t = new Tape();
        Tensor y = mlp.forward(t, t.constant(n, sizes[0], x, 0));

        double[] h = x;
        for (int layer = 0; layer < sizes.length - 1; layer++) {
            int in = sizes[layer], out = sizes[layer + 1];
            double[] w = mlp.layer(layer).weights().value(), b = mlp.layer(layer).bias().value();
            double[] next = new double[n * out];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < out; j++) {
                    double s = b[j];
                    for (int i = 0; i < in; i++) s += h[r * in + i] * w[i * out + j];
                    next[r * out + j] = layer < sizes.length - 2 ? activate(act, s) : s;
                }
            }
            h = next;
        }
        assertEquals(n, y.rows());
        assertEquals(sizes[sizes.length - 1], y.cols());
        for (int i = 0; i < h.length; i++) {
            assertEquals(h[i], y.value()[i], 1e-12 * Math.max(1, Math.abs(h[i])), act + " " + java.util.Arrays.toString(sizes) + " seed " + seed + " entry " + i);
        }
    }

    private static double activate(Activation a, double s) {
        switch (a) {
            case TANH: return Math.tanh(s);
            case RELU: return Math.max(0, s);
            case SOFTPLUS: return Math.log1p(Math.exp(s));
            case ELU: return s > 0 ? s : Math.exp(s) - 1;
            default: return s;
        }
    }

    /** Gradients of the network output against finite differences (relu excluded: kinks). */
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Activation act, int[] sizes, long seed) {
        if (act == Activation.RELU) return; // its kink makes a finite difference meaningless near 0
        Mlp mlp = new Mlp("net", sizes, act, new Rng(seed));
        Rng rng = new Rng(seed + 7);
        for (Tensor p : mlp.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] += 0.3 * rng.nextNormal();
        double[] x = new double[3 * sizes[0]];
        rng.fillNormal(x, 0, x.length);
        double[] weights = new double[3 * sizes[sizes.length - 1]];
        rng.fillNormal(weights, 0, weights.length);
        Tensor c = Tensor.constant("c", 3, sizes[sizes.length - 1], weights);
        // ELU's second derivative jumps at 0: a higher-order difference straddling it errs by
        // about h, so take a smaller step there.
        GradCheck check = new GradCheck().relativeStep(act == Activation.ELU ? 1e-6 : 1e-3);
        check.run(t -> t.sum(t.mul(mlp.forward(t, t.constant(3, sizes[0], x, 0)), c)),
                mlp.parameters().toArray(new Tensor[0])).assertBelow(act == Activation.ELU ? 1e-6 : 1e-7);
    }

    @Test
    void parametersAreNamedAndOrderedLayerByLayer() {
        Mlp mlp = new Mlp("encoder", new int[] {784, 200, 200, 100}, Activation.TANH, new Rng(1));
        List<String> names = new ArrayList<>();
        for (Tensor p : mlp.parameters()) names.add(p.name() + " " + p.shape());
        assertEquals(List.of("encoder.dense0.w 784×200", "encoder.dense0.b 1×200", "encoder.dense1.w 200×200",
                "encoder.dense1.b 1×200", "encoder.dense2.w 200×100", "encoder.dense2.b 1×100"), names);
        assertEquals(3, mlp.depth());
        assertEquals(784, mlp.in());
        assertEquals(100, mlp.out());
        assertTrue(mlp.outputLayer() == mlp.layer(2));
    }

    @Test
    void zeroHiddenLayersIsOneAffineMap() {
        Mlp mlp = new Mlp("decoder", new int[] {2, 5}, Activation.TANH, new Rng(3));
        assertEquals(1, mlp.depth());
        Tape t = new Tape();
        Tensor x = t.constant(1, 2, new double[] {10, -10}, 0); // big inputs: a tanh would saturate
        Tensor y = mlp.forward(t, x);
        double[] w = mlp.layer(0).weights().value();
        for (int j = 0; j < 5; j++) assertEquals(10 * w[j] - 10 * w[5 + j], y.value()[j], 1e-12);
    }

    @Test
    void sameSeedSameWeightsAndBiasesStartAtZero() {
        Mlp a = new Mlp("m", new int[] {5, 4, 3}, Activation.RELU, new Rng(42));
        Mlp b = new Mlp("m", new int[] {5, 4, 3}, Activation.RELU, new Rng(42));
        Mlp c = new Mlp("m", new int[] {5, 4, 3}, Activation.RELU, new Rng(43));
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
        }
        assertTrue(a.layer(0).weights().value()[0] != c.layer(0).weights().value()[0]);
        for (int l = 0; l < a.depth(); l++) assertArrayEquals(new double[a.layer(l).out()], a.layer(l).bias().value());
    }

    /** Hidden layers take the activation's scheme, the output layer Glorot; moments of U(−a, a). */
    @Test
    void initializationHasTheSchemesRangeAndVariance() {
        int[] sizes = {300, 400, 200};
        for (Activation act : Activation.values()) {
            Mlp mlp = new Mlp("m", sizes, act, new Rng(act.ordinal()));
            for (int l = 0; l < 2; l++) {
                Init init = l == 0 ? act.init() : Init.GLOROT_UNIFORM;
                double a = init.limit(sizes[l], sizes[l + 1]);
                double expected = l == 0 && (act == Activation.RELU || act == Activation.ELU)
                        ? Math.sqrt(6.0 / sizes[l]) : Math.sqrt(6.0 / (sizes[l] + sizes[l + 1]));
                assertEquals(expected, a, 1e-15);
                double[] w = mlp.layer(l).weights().value();
                double sum = 0, sq = 0, max = 0;
                for (double v : w) {
                    sum += v;
                    sq += v * v;
                    max = Math.max(max, Math.abs(v));
                }
                double mean = sum / w.length, var = sq / w.length - mean * mean;
                String what = act + " layer " + l;
                assertTrue(max <= a, what + ": |w| " + max + " > " + a);
                assertTrue(max > 0.99 * a, what + ": range not used, max " + max + " of " + a);
                // Var of U(−a, a) is a²/3; the estimate's relative sd is about √(0.8/N) < 0.5%.
                assertEquals(a * a / 3, var, 0.03 * a * a / 3, what);
                assertEquals(0, mean, 5 * a / Math.sqrt(3 * w.length), what);
            }
        }
    }

    @Test
    void badSizesAreRejectedWithTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mlp("decoder", new int[] {3, 0, 2}, Activation.TANH, new Rng(1)));
        assertTrue(e.getMessage().startsWith("decoder: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Mlp("x", new int[] {3}, Activation.TANH, new Rng(1)));
    }

    @Test
    void activationNamesParse() {
        for (Activation a : Activation.values()) assertEquals(a, Activation.parse(a.jsonName().toUpperCase(java.util.Locale.ROOT)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("sigmoid"));
        assertTrue(e.getMessage().contains("tanh, relu, softplus, elu, identity"), e.getMessage());
    }
}
