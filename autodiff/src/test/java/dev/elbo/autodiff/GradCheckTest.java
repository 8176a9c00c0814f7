package dev.elbo.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    /** Test op y = x² whose VJP forgets the factor 2 on entries in {@code wrong} (a bug to find). */
    static final class BuggySquare extends Node {
        private Tensor x;
        private boolean[] wrong;

        BuggySquare() { super("buggySquare"); }

        static Tensor apply(Tape tape, Tensor x, boolean[] wrong) {
            BuggySquare op = tape.reuse(BuggySquare.class);
            if (op == null) op = new BuggySquare();
            op.x = x;
            op.wrong = wrong;
            Tensor y = tape.record(op, x.rows, x.cols, x.requiresGrad);
            for (int i = 0; i < x.size; i++) y.value[i] = x.value[i] * x.value[i];
            return y;
        }

        @Override
        void backward(Tape tape) {
            if (!tape.needsGrad(x)) return;
            for (int i = 0; i < x.size; i++) x.grad[i] += out.grad[i] * (wrong[i] ? 1 : 2) * x.value[i];
        }
    }

    @Test
    void findsAWrongGradientAndSaysWhere() {
        Tensor p = new Mat(2, 3, new double[] {1, -2, 3, 0.5, 1.5, -1}).parameter("p");
        boolean[] wrong = {false, false, false, false, true, false};
        GradCheck.Result r = GradCheck.check(t -> t.sum(BuggySquare.apply(t, p, wrong)), p);
        assertEquals(0.5, r.maxError(), 1e-9, r.report()); // |x − 2x| / |2x|
        assertEquals("p 2×3 [1, 1]", r.where());
        assertFalse(r.passes(1e-3));
        AssertionError e = assertThrows(AssertionError.class, () -> r.assertBelow(1e-3));
        assertTrue(e.getMessage().contains("max relative error 5.000e-01 at p 2×3 [1, 1] (analytic 1.5"), e.getMessage());
        assertEquals(6, r.entriesChecked());

        boolean[] right = new boolean[6];
        GradCheck.Result ok = GradCheck.check(t -> t.sum(BuggySquare.apply(t, p, right)), p);
        assertTrue(ok.passes(1e-9), ok.report());
    }

    @Test
    void passesOnAWholeImportanceWeightedVaeStep() {
        SmallVae vae = new SmallVae(21, 3, 9, 6, 2, 3);
        GradCheck.Result r = new GradCheck().maxEntriesPerTensor(30).run(vae::loss, vae.params);
        assertTrue(r.passes(1e-6), r.report());
        // w1 9×6 and w3 6×9 are sampled (30 of 54), the others checked whole
        assertEquals(30 + 6 + 12 + 2 + 12 + 2 + 12 + 6 + 30 + 9, r.entriesChecked(), r.report());
    }

    @Test
    void checksASeededSubsetOfBigTensors() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor w = Mat.uniform(rng, 40, 40, -1, 1).parameter("w");
        GradCheck.ScalarFunction f = t -> t.sum(t.tanh(w));
        GradCheck.Result a = new GradCheck().maxEntriesPerTensor(50).seed(9).run(f, w);
        GradCheck.Result b = new GradCheck().maxEntriesPerTensor(50).seed(9).run(f, w);
        assertEquals(50, a.entriesChecked());
        assertEquals(a.report(), b.report(), "same seed, same subset");
        assertTrue(a.report().contains("50 of 1600 entries (seeded sample)"), a.report());
        assertTrue(a.passes(1e-8), a.report());
    }

    @Test
    void restoresValuesAndGradients() {
        Tensor p = new Mat(1, 3, new double[] {0.1, 0.2, 0.3}).parameter("p");
        p.grad()[1] = 42;
        GradCheck.check(t -> t.sum(t.exp(p)), p);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, p.value(), 0.0);
        assertArrayEquals(new double[] {0, 42, 0}, p.grad(), 0.0);
    }

    @Test
    void rejectsNonScalarFunctionsAndNonParameters() {
        Tensor p = Tensor.parameter("p", 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(t -> t.exp(p), p));
        assertTrue(e.getMessage().contains("must return a 1×1 tensor"), e.getMessage());
        Tensor c = Tensor.constant("c", 1, 1, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(t -> t.sum(c), c));
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(t -> t.sum(p)));
    }

    @Test
    void relativeErrorUsesTheFloorAndFlagsNonFiniteValues() {
        assertEquals(0.0, GradCheck.relativeError(3, 3, 1e-7));
        assertEquals(0.5, GradCheck.relativeError(1, 2, 1e-7), 0.0);
        assertEquals(1e-9 / 1e-6, GradCheck.relativeError(0, 1e-9, 1e-6), 1e-18);
        assertEquals(Double.POSITIVE_INFINITY, GradCheck.relativeError(Double.NaN, 1, 1e-7));
        assertEquals(Double.POSITIVE_INFINITY, GradCheck.relativeError(1, Double.POSITIVE_INFINITY, 1e-7));
    }
}
