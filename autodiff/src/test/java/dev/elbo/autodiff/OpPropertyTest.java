package dev.elbo.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of {@link OpCases}, on {@link OpCases#SEEDS} seeded random inputs each: forward
 * values against the independent reference, and gradients against finite differences.
 */
class OpPropertyTest {

    /** Gradient tolerance: relative error of the fourth-order difference (floor 1e-7); the worst seen is ~1e-8. */
    static final double GRAD_TOLERANCE = 1e-6;

    static Stream<Arguments> cases() {
        return OpCases.all().stream().flatMap(c ->
                java.util.stream.IntStream.range(0, OpCases.SEEDS).mapToObj(seed -> Arguments.of(c, seed)));
    }

    static Stream<Arguments> differentiableCases() {
        return cases().filter(a -> ((OpCases.OpCase) a.get()[0]).differentiable());
    }

    private static Mat[] draw(OpCases.OpCase c, int seed) {
        return c.draw().draw(new SplittableRandom(1000L * seed + c.name().hashCode()), seed);
    }

    private static String describe(OpCases.OpCase c, int seed, Mat[] in) {
        StringBuilder s = new StringBuilder(c.name() + " seed " + seed + " shapes");
        for (Mat m : in) s.append(' ').append(m.shape());
        return s.toString();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void forwardMatchesReference(OpCases.OpCase c, int seed) {
        Mat[] in = draw(c, seed);
        String what = describe(c, seed, in);
        Tape tape = new Tape();
        Tensor[] ts = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) ts[i] = in[i].constant("in" + i);
        Tensor y = c.apply().apply(tape, ts, seed);
        Mat expected = c.reference().compute(in, seed);
        assertEquals(expected.shape(), y.shape(), what + ": output shape");
        for (int i = 0; i < expected.v().length; i++) {
            double e = expected.v()[i], a = y.value()[i];
            if (Math.abs(a - e) > 1e-12 * Math.max(1, Math.abs(e))) {
                fail(what + ": entry " + i + " is " + a + ", expected " + e
                        + "\n  got      " + Arrays.toString(y.value()) + "\n  expected " + Arrays.toString(expected.v()));
            }
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("differentiableCases")
    void gradientMatchesFiniteDifferences(OpCases.OpCase c, int seed) {
        Mat[] in = draw(c, seed);
        String what = describe(c, seed, in);
        Tensor[] params = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) params[i] = in[i].parameter("in" + i);
        // Reduce the output to a scalar by a fixed random projection Σ w ⊙ y, so that every
        // output entry carries a different weight into the gradient.
        Mat[] w = new Mat[1];
        GradCheck.Result r = GradCheck.check(t -> {
            Tensor y = c.apply().apply(t, params, seed);
            if (w[0] == null) w[0] = Mat.uniform(new SplittableRandom(seed), y.rows(), y.cols(), -1, 1);
            return t.sum(t.mul(y, t.constant(y.rows(), y.cols(), w[0].v(), 0)));
        }, params);
        assertTrue(r.passes(GRAD_TOLERANCE), what + ": " + r.report());
    }
}
