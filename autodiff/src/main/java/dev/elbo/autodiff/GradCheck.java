package dev.elbo.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks gradients against finite differences: the test every new op, layer or loss should pass.
 *
 * <p>Given a scalar function of some parameters, it computes the gradient once by
 * {@link Tape#backward}, then for each parameter entry θ the derivative numerically from
 * values of the function at θ ± h and θ ± 2h (the fourth-order central difference
 * {@code (8·(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h))) / 12h}, with
 * {@code h = relativeStep · max(1, |θ|)} chosen per entry), and compares the two by the
 * relative error {@code |a − n| / max(|a|, |n|, floor)}; the absolute {@code floor} keeps
 * entries whose true derivative is 0 from dividing rounding noise by nothing. Big tensors are
 * checked on a seeded random subset of their entries.
 *
 * <pre>{@code
 * Tensor w = Tensor.parameter("w", 3, 2), b = Tensor.parameter("b", 1, 2);
 * // ... put random numbers into w.value() and b.value()
 * Tensor x = Tensor.constant("x", 4, 3, data);            // 12 numbers
 * GradCheck.Result r = GradCheck.check(t -> t.mean(t.tanh(t.affine(x, w, b))), w, b);
 * System.out.println(r);                                   // max error, where, per tensor
 * r.assertBelow(1e-6);                                     // or GradCheck.assertClose(1e-6, f, w, b)
 * }</pre>
 *
 * <p>The function must be deterministic (draw any noise from a fixed seed or outside it) and
 * smooth near the point: a finite difference straddling a kink (relu at 0) disagrees with
 * any one-sided derivative. Parameter values and gradients are restored afterwards.
 */
public final class GradCheck {

    /** A scalar (1×1) function of parameters, built with ops on the given tape. */
    @FunctionalInterface
    public interface ScalarFunction {
        Tensor apply(Tape tape);
    }

    private double relativeStep = 1e-3;
    private double floor = 1e-7;
    private int maxEntriesPerTensor = 200;
    private long seed = 1;

    /** A checker with the default settings (relative step 1e-3, floor 1e-7, up to 200 entries per tensor, seed 1). */
    public GradCheck() {}

    /** Step as a fraction of max(1, |θ|). */
    public GradCheck relativeStep(double step) {
        if (!(step > 0)) throw new IllegalArgumentException("GradCheck: relative step must be positive, got " + step);
        this.relativeStep = step;
        return this;
    }

    /** Magnitudes below this count as this in the denominator of the relative error. */
    public GradCheck floor(double floor) {
        if (!(floor > 0)) throw new IllegalArgumentException("GradCheck: floor must be positive, got " + floor);
        this.floor = floor;
        return this;
    }

    /** Tensors with more entries are checked on a random subset of this many. */
    public GradCheck maxEntriesPerTensor(int max) {
        if (max <= 0) throw new IllegalArgumentException("GradCheck: max entries must be positive, got " + max);
        this.maxEntriesPerTensor = max;
        return this;
    }

    /** Seed of the subset drawn from big tensors. */
    public GradCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Checks f's gradient with respect to each of the parameters, default settings. */
    public static Result check(ScalarFunction f, Tensor... parameters) {
        return new GradCheck().run(f, parameters);
    }

    /** Throws an {@link AssertionError} with the full report unless the max error is at most tolerance. */
    public static void assertClose(double tolerance, ScalarFunction f, Tensor... parameters) {
        check(f, parameters).assertBelow(tolerance);
    }

    /** Checks f's gradient with respect to each of the parameters. */
    public Result run(ScalarFunction f, Tensor... parameters) {
        if (parameters.length == 0) throw new IllegalArgumentException("GradCheck: no parameters to check");
        for (Tensor p : parameters) {
            if (!p.isParameter() || !p.requiresGrad) {
                throw new IllegalArgumentException("GradCheck: " + p + " is not a trainable parameter");
            }
        }
        double[][] savedGrads = new double[parameters.length][];
        for (int k = 0; k < parameters.length; k++) {
            savedGrads[k] = parameters[k].grad.clone();
            parameters[k].zeroGrad();
        }
        Tape tape = new Tape();
        try {
            Tensor y = f.apply(tape);
            if (y.size != 1) throw new IllegalArgumentException("GradCheck: the function must return a 1×1 tensor, got " + y);
            double value = y.value[0];
            tape.backward(y);
            double[][] analytic = new double[parameters.length][];
            for (int k = 0; k < parameters.length; k++) analytic[k] = parameters[k].grad.clone();

            tape.setGradEnabled(false);
            List<TensorResult> perTensor = new ArrayList<>();
            for (int k = 0; k < parameters.length; k++) {
                perTensor.add(checkTensor(tape, f, parameters[k], analytic[k], k));
            }
            return new Result(value, perTensor, relativeStep, floor);
        } finally {
            for (int k = 0; k < parameters.length; k++) {
                System.arraycopy(savedGrads[k], 0, parameters[k].grad, 0, savedGrads[k].length);
            }
        }
    }

    private TensorResult checkTensor(Tape tape, ScalarFunction f, Tensor p, double[] analytic, int ordinal) {
        int[] indices = chooseEntries(p.size, ordinal);
        TensorResult r = new TensorResult(p.toString(), p.cols, indices.length, p.size);
        for (int i : indices) {
            double numeric = numericDerivative(tape, f, p, i);
            double a = analytic[i];
            double err = relativeError(a, numeric, floor);
            if (err > r.maxError || r.worstIndex < 0) {
                r.maxError = err;
                r.worstIndex = i;
                r.analytic = a;
                r.numeric = numeric;
            }
        }
        return r;
    }

    /** All entries, or a sorted seeded sample of maxEntriesPerTensor distinct ones. */
    private int[] chooseEntries(int size, int ordinal) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        if (size <= maxEntriesPerTensor) return all;
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + ordinal);
        for (int i = 0; i < maxEntriesPerTensor; i++) { // partial Fisher–Yates shuffle
            int j = i + rng.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, maxEntriesPerTensor);
        Arrays.sort(chosen);
        return chosen;
    }

    private double numericDerivative(Tape tape, ScalarFunction f, Tensor p, int i) {
        double theta = p.value[i];
        double h0 = relativeStep * Math.max(1.0, Math.abs(theta));
        double h = (theta + h0) - theta; // a step that θ + h represents exactly
        try {
            double fp1 = evaluate(tape, f, p, i, theta + h);
            double fm1 = evaluate(tape, f, p, i, theta - h);
            double fp2 = evaluate(tape, f, p, i, theta + 2 * h);
            double fm2 = evaluate(tape, f, p, i, theta - 2 * h);
            return (8.0 * (fp1 - fm1) - (fp2 - fm2)) / (12.0 * h);
        } finally {
            p.value[i] = theta;
        }
    }

    private static double evaluate(Tape tape, ScalarFunction f, Tensor p, int i, double at) {
        p.value[i] = at;
        tape.reset();
        return f.apply(tape).value[0];
    }

    /** |a − n| / max(|a|, |n|, floor); infinite when either is not finite (unless both are equal). */
    static double relativeError(double a, double n, double floor) {
        if (a == n) return 0.0;
        if (!Double.isFinite(a) || !Double.isFinite(n)) return Double.POSITIVE_INFINITY;
        return Math.abs(a - n) / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
    }

    /** What one tensor's check found. */
    private static final class TensorResult {
        final String tensor;
        final int cols;
        final int checked;
        final int size;
        double maxError;
        int worstIndex = -1;
        double analytic;
        double numeric;

        TensorResult(String tensor, int cols, int checked, int size) {
            this.tensor = tensor;
            this.cols = cols;
            this.checked = checked;
            this.size = size;
        }

        String where() {
            return "[" + worstIndex / cols + ", " + worstIndex % cols + "]";
        }
    }

    /** The outcome: max relative error over all checked entries, where it occurred, a report. */
    public static final class Result {
        private final double value;
        private final List<TensorResult> tensors;
        private final TensorResult worst;
        private final double relativeStep;
        private final double floor;

        private Result(double value, List<TensorResult> tensors, double relativeStep, double floor) {
            this.value = value;
            this.tensors = tensors;
            this.relativeStep = relativeStep;
            this.floor = floor;
            TensorResult w = tensors.get(0);
            for (TensorResult t : tensors) {
                if (t.maxError > w.maxError || Double.isNaN(t.maxError)) w = t;
            }
            this.worst = w;
        }

        /** The largest relative error found (0 when every entry agrees exactly). */
        public double maxError() {
            return worst.maxError;
        }

        /** Where the largest error is, e.g. {@code w1 3×4 [2, 1]}. */
        public String where() {
            return worst.tensor + " " + worst.where();
        }

        /** The function's value at the checked point. */
        public double value() {
            return value;
        }

        /** Number of entries compared, over all tensors. */
        public int entriesChecked() {
            int n = 0;
            for (TensorResult t : tensors) n += t.checked;
            return n;
        }

        /** Whether the max error is at most tolerance. */
        public boolean passes(double tolerance) {
            return worst.maxError <= tolerance;
        }

        /** Throws an {@link AssertionError} carrying {@link #report()} unless {@link #passes}. */
        public void assertBelow(double tolerance) {
            if (!passes(tolerance)) {
                throw new AssertionError(String.format(Locale.ROOT, "gradient check failed (tolerance %.1e): ", tolerance)
                        + report());
            }
        }

        /** A readable summary: the worst entry overall, then a line per tensor. */
        public String report() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT,
                    "max relative error %.3e at %s (analytic %.10g, numeric %.10g); %d entries of %d tensors, f = %.10g, relative step %.0e, floor %.0e",
                    worst.maxError, where(), worst.analytic, worst.numeric, entriesChecked(), tensors.size(),
                    value, relativeStep, floor));
            for (TensorResult t : tensors) {
                s.append(String.format(Locale.ROOT, "%n  %s: %d of %d entries%s, max error %.3e at %s (analytic %.10g, numeric %.10g)",
                        t.tensor, t.checked, t.size, t.checked < t.size ? " (seeded sample)" : "",
                        t.maxError, t.where(), t.analytic, t.numeric));
            }
            return s.toString();
        }

        @Override
        public String toString() {
            return report();
        }
    }
}
