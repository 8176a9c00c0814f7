package dev.elbo.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * The table of ops under test: for each, how to draw inputs for a seed, how to apply the op on
 * a tape, and an independent reference written here with plain loops and textbook formulas
 * (not the kernels' stable forms), used on values where the textbook form is accurate.
 */
final class OpCases {
    private OpCases() {}

    interface Draw { Mat[] draw(SplittableRandom rng, int seed); }

    interface Apply { Tensor apply(Tape t, Tensor[] in, int seed); }

    interface Reference { Mat compute(Mat[] in, int seed); }

    /** differentiable = false: the gradient is not the finite-difference one (stopGradient). */
    record OpCase(String name, Draw draw, Apply apply, Reference reference, boolean differentiable) {
        OpCase notDifferentiable() {
            return new OpCase(name, draw, apply, reference, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Seeds per op: 16 covers every pair of broadcast kinds of two operands. */
    static final int SEEDS = 16;

    static List<OpCase> all() {
        List<OpCase> c = new ArrayList<>();
        // ---- elementwise functions
        c.add(unary("exp", -3, 3, false, (t, x) -> t.exp(x), Math::exp));
        c.add(unary("log", 0.2, 3, false, (t, x) -> t.log(x), Math::log));
        c.add(unary("square", -2, 2, false, (t, x) -> t.square(x), x -> x * x));
        c.add(unary("softplus", -6, 6, false, (t, x) -> t.softplus(x), x -> Math.log(1 + Math.exp(x))));
        c.add(unary("sigmoid", -6, 6, false, (t, x) -> t.sigmoid(x), x -> 1 / (1 + Math.exp(-x))));
        c.add(unary("tanh", -3, 3, false, (t, x) -> t.tanh(x), x -> Math.sinh(x) / Math.cosh(x)));
        c.add(unary("relu", 0.05, 2, true, (t, x) -> t.relu(x), x -> x > 0 ? x : 0));
        c.add(unary("elu", 0.05, 2, true, (t, x) -> t.elu(x), x -> x > 0 ? x : Math.exp(x) - 1));
        c.add(unary("scale", -2, 2, false, (t, x) -> t.scale(x, -1.7), x -> -1.7 * x));
        c.add(unary("addScalar", -2, 2, false, (t, x) -> t.addScalar(x, 2.5), x -> x + 2.5));
        c.add(unary("neg", -2, 2, false, (t, x) -> t.neg(x), x -> -x));
        c.add(unary("stopGradient", -2, 2, false, (t, x) -> t.stopGradient(x), x -> x).notDifferentiable());
        // ---- broadcasting arithmetic
        c.add(binary("add", false, (t, a, b) -> t.add(a, b), (a, b) -> a + b));
        c.add(binary("sub", false, (t, a, b) -> t.sub(a, b), (a, b) -> a - b));
        c.add(binary("mul", false, (t, a, b) -> t.mul(a, b), (a, b) -> a * b));
        c.add(binary("div", true, (t, a, b) -> t.div(a, b), (a, b) -> a / b));
        // ---- products
        c.add(new OpCase("matmul", (rng, seed) -> {
            int m = 1 + rng.nextInt(6), k = 1 + rng.nextInt(6), n = 1 + rng.nextInt(6);
            return new Mat[] {Mat.uniform(rng, m, k, -1, 1), Mat.uniform(rng, k, n, -1, 1)};
        }, (t, in, seed) -> t.matmul(in[0], in[1]), (in, seed) -> matmul(in[0], in[1]), true));
        c.add(new OpCase("affine", (rng, seed) -> {
            int n = 1 + rng.nextInt(6), k = 1 + rng.nextInt(6), m = 1 + rng.nextInt(6);
            return new Mat[] {Mat.uniform(rng, n, k, -1, 1), Mat.uniform(rng, k, m, -1, 1), Mat.uniform(rng, 1, m, -1, 1)};
        }, (t, in, seed) -> t.affine(in[0], in[1], in[2]), (in, seed) -> {
            Mat y = matmul(in[0], in[1]);
            for (int r = 0; r < y.rows(); r++) for (int j = 0; j < y.cols(); j++) y.set(r, j, y.get(r, j) + in[2].get(0, j));
            return y;
        }, true));
        // ---- reductions
        c.add(reduction("sum", (t, x) -> t.sum(x), x -> {
            double s = 0;
            for (double v : x.v()) s += v;
            return new Mat(1, 1, new double[] {s});
        }));
        c.add(reduction("mean", (t, x) -> t.mean(x), x -> {
            double s = 0;
            for (double v : x.v()) s += v;
            return new Mat(1, 1, new double[] {s / x.v().length});
        }));
        c.add(reduction("sumRows", (t, x) -> t.sumRows(x), x -> rowReduce(x, 1.0)));
        c.add(reduction("meanRows", (t, x) -> t.meanRows(x), x -> rowReduce(x, 1.0 / x.cols())));
        c.add(reduction("sumCols", (t, x) -> t.sumCols(x), x -> colReduce(x, 1.0)));
        c.add(reduction("meanCols", (t, x) -> t.meanCols(x), x -> colReduce(x, 1.0 / x.rows())));
        c.add(reduction("logSumExpRows", (t, x) -> t.logSumExpRows(x), x -> {
            Mat y = Mat.zeros(x.rows(), 1);
            for (int r = 0; r < x.rows(); r++) {
                double s = 0;
                for (int j = 0; j < x.cols(); j++) s += Math.exp(x.get(r, j));
                y.set(r, 0, Math.log(s));
            }
            return y;
        }));
        c.add(new OpCase("logSoftmaxGroups", (rng, seed) -> {
            int size = groupSize(seed), groups = 1 + rng.nextInt(3), rows = 1 + rng.nextInt(4);
            return new Mat[] {Mat.uniform(rng, rows, groups * size, -4, 4)};
        }, (t, in, seed) -> t.logSoftmaxGroups(in[0], groupSize(seed)), (in, seed) -> {
            Mat x = in[0];
            int size = groupSize(seed);
            Mat y = Mat.zeros(x.rows(), x.cols());
            for (int r = 0; r < x.rows(); r++) {
                for (int g = 0; g < x.cols() / size; g++) {
                    double s = 0;
                    for (int a = 0; a < size; a++) s += Math.exp(x.get(r, g * size + a));
                    for (int a = 0; a < size; a++) y.set(r, g * size + a, Math.log(Math.exp(x.get(r, g * size + a)) / s));
                }
            }
            return y;
        }, true));
        // ---- shapes
        c.add(new OpCase("sliceCols", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -2, 2)};
        }, (t, in, seed) -> t.sliceCols(in[0], sliceFrom(seed, in[0].cols()), sliceTo(seed, in[0].cols())), (in, seed) -> {
            Mat x = in[0];
            int from = sliceFrom(seed, x.cols()), to = sliceTo(seed, x.cols());
            Mat y = Mat.zeros(x.rows(), to - from);
            for (int r = 0; r < x.rows(); r++) for (int j = from; j < to; j++) y.set(r, j - from, x.get(r, j));
            return y;
        }, true));
        c.add(new OpCase("concatCols", (rng, seed) -> {
            int r = 1 + rng.nextInt(5);
            return new Mat[] {Mat.uniform(rng, r, 1 + rng.nextInt(5), -2, 2), Mat.uniform(rng, r, 1 + rng.nextInt(5), -2, 2)};
        }, (t, in, seed) -> t.concatCols(in[0], in[1]), (in, seed) -> {
            Mat a = in[0], b = in[1];
            Mat y = Mat.zeros(a.rows(), a.cols() + b.cols());
            for (int r = 0; r < a.rows(); r++) {
                for (int j = 0; j < a.cols(); j++) y.set(r, j, a.get(r, j));
                for (int j = 0; j < b.cols(); j++) y.set(r, a.cols() + j, b.get(r, j));
            }
            return y;
        }, true));
        c.add(new OpCase("repeatRows", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -2, 2)};
        }, (t, in, seed) -> t.repeatRows(in[0], 1 + seed % 4), (in, seed) -> {
            Mat x = in[0];
            int k = 1 + seed % 4;
            Mat y = Mat.zeros(x.rows() * k, x.cols());
            for (int r = 0; r < y.rows(); r++) for (int j = 0; j < x.cols(); j++) y.set(r, j, x.get(r / k, j));
            return y;
        }, true));
        c.add(new OpCase("reshape", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -2, 2)};
        }, (t, in, seed) -> {
            int[] s = reshapeTo(seed, in[0].rows(), in[0].cols());
            return t.reshape(in[0], s[0], s[1]);
        }, (in, seed) -> {
            int[] s = reshapeTo(seed, in[0].rows(), in[0].cols());
            return new Mat(s[0], s[1], in[0].v().clone());
        }, true));
        // ---- log-densities
        c.add(new OpCase("bernoulliLogLik", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -4, 4), Mat.uniform(rng, s[0], s[1], 0, 1)};
        }, (t, in, seed) -> t.bernoulliLogLik(in[0], in[1]), (in, seed) -> {
            Mat l = in[0], x = in[1];
            Mat y = Mat.zeros(l.rows(), 1);
            for (int r = 0; r < l.rows(); r++) {
                double s = 0;
                for (int j = 0; j < l.cols(); j++) {
                    double p = 1 / (1 + Math.exp(-l.get(r, j)));
                    s += x.get(r, j) * Math.log(p) + (1 - x.get(r, j)) * Math.log(1 - p);
                }
                y.set(r, 0, s);
            }
            return y;
        }, true));
        c.add(new OpCase("gaussianLogDensity", (rng, seed) -> {
            int rows = 2 + rng.nextInt(4), cols = 2 + rng.nextInt(5);
            if (seed == 0) rows = cols = 1;
            return new Mat[] {Mat.uniform(rng, rows, cols, -2, 2),
                    broadcastOperand(rng, seed % 4, rows, cols, -1, 1, false),
                    broadcastOperand(rng, (seed / 4) % 4, rows, cols, -1, 1, false)};
        }, (t, in, seed) -> t.gaussianLogDensity(in[0], in[1], in[2]), (in, seed) -> {
            Mat x = in[0], m = in[1], v = in[2];
            Mat y = Mat.zeros(x.rows(), 1);
            for (int r = 0; r < x.rows(); r++) {
                double s = 0;
                for (int j = 0; j < x.cols(); j++) {
                    double var = Math.exp(v.bcast(r, j)), d = x.get(r, j) - m.bcast(r, j);
                    s += Math.log(Math.exp(-d * d / (2 * var)) / Math.sqrt(2 * Math.PI * var));
                }
                y.set(r, 0, s);
            }
            return y;
        }, true));
        c.add(new OpCase("stdNormalLogDensity", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -2.5, 2.5)};
        }, (t, in, seed) -> t.stdNormalLogDensity(in[0]), (in, seed) -> {
            Mat z = in[0];
            Mat y = Mat.zeros(z.rows(), 1);
            for (int r = 0; r < z.rows(); r++) {
                double s = 0;
                for (int j = 0; j < z.cols(); j++) s += Math.log(Math.exp(-z.get(r, j) * z.get(r, j) / 2) / Math.sqrt(2 * Math.PI));
                y.set(r, 0, s);
            }
            return y;
        }, true));
        c.add(new OpCase("klStdNormal", (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -2, 2), Mat.uniform(rng, s[0], s[1], -1.5, 1.5)};
        }, (t, in, seed) -> t.klStdNormal(in[0], in[1]), (in, seed) -> {
            Mat mu = in[0], v = in[1];
            Mat y = Mat.zeros(mu.rows(), 1);
            for (int r = 0; r < mu.rows(); r++) {
                double s = 0;
                for (int j = 0; j < mu.cols(); j++) {
                    double sigma = Math.sqrt(Math.exp(v.get(r, j))), m = mu.get(r, j);
                    s += Math.log(1 / sigma) + (sigma * sigma + m * m) / 2 - 0.5; // KL(N(m, σ²) ‖ N(0, 1))
                }
                y.set(r, 0, s);
            }
            return y;
        }, true));
        c.add(new OpCase("categoricalLogLik", (rng, seed) -> {
            int size = groupSize(seed), groups = 1 + rng.nextInt(3), rows = 1 + rng.nextInt(4);
            return new Mat[] {Mat.uniform(rng, rows, groups * size, -3, 3), Mat.oneHot(rng, rows, groups, size)};
        }, (t, in, seed) -> t.categoricalLogLik(in[0], in[1], groupSize(seed)), (in, seed) -> {
            Mat l = in[0], x = in[1];
            int size = groupSize(seed);
            Mat y = Mat.zeros(l.rows(), 1);
            for (int r = 0; r < l.rows(); r++) {
                double s = 0;
                for (int g = 0; g < l.cols() / size; g++) {
                    double z = 0;
                    for (int a = 0; a < size; a++) z += Math.exp(l.get(r, g * size + a));
                    for (int a = 0; a < size; a++) {
                        if (x.get(r, g * size + a) == 1) s += Math.log(Math.exp(l.get(r, g * size + a)) / z);
                    }
                }
                y.set(r, 0, s);
            }
            return y;
        }, true));
        return c;
    }

    // ---------------------------------------------------------------- builders

    interface UnaryApply { Tensor apply(Tape t, Tensor x); }

    interface BinaryApply { Tensor apply(Tape t, Tensor a, Tensor b); }

    interface BinaryFn { double apply(double a, double b); }

    interface MatFn { Mat apply(Mat x); }

    private static OpCase unary(String name, double lo, double hi, boolean awayFromZero, UnaryApply op, DoubleUnaryOperator f) {
        return new OpCase(name, (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {awayFromZero ? Mat.awayFromZero(rng, s[0], s[1], lo, hi) : Mat.uniform(rng, s[0], s[1], lo, hi)};
        }, (t, in, seed) -> op.apply(t, in[0]), (in, seed) -> {
            Mat x = in[0];
            double[] y = new double[x.v().length];
            for (int i = 0; i < y.length; i++) y[i] = f.applyAsDouble(x.v()[i]);
            return new Mat(x.rows(), x.cols(), y);
        }, true);
    }

    /** Operand a has broadcast kind seed % 4, b kind (seed / 4) % 4: full, row 1×c, column r×1, scalar 1×1. */
    private static OpCase binary(String name, boolean divisorAwayFromZero, BinaryApply op, BinaryFn f) {
        return new OpCase(name, (rng, seed) -> {
            int rows = 2 + rng.nextInt(5), cols = 2 + rng.nextInt(6);
            return new Mat[] {broadcastOperand(rng, seed % 4, rows, cols, -2, 2, false),
                    broadcastOperand(rng, (seed / 4) % 4, rows, cols, 0.5, 2, divisorAwayFromZero)};
        }, (t, in, seed) -> op.apply(t, in[0], in[1]), (in, seed) -> {
            Mat a = in[0], b = in[1];
            Mat y = Mat.zeros(Math.max(a.rows(), b.rows()), Math.max(a.cols(), b.cols()));
            for (int r = 0; r < y.rows(); r++) for (int j = 0; j < y.cols(); j++) y.set(r, j, f.apply(a.bcast(r, j), b.bcast(r, j)));
            return y;
        }, true);
    }

    private static OpCase reduction(String name, UnaryApply op, MatFn f) {
        return new OpCase(name, (rng, seed) -> {
            int[] s = Mat.shape(seed, rng);
            return new Mat[] {Mat.uniform(rng, s[0], s[1], -3, 3)};
        }, (t, in, seed) -> op.apply(t, in[0]), (in, seed) -> f.apply(in[0]), true);
    }

    /** kind 0: rows×cols, 1: 1×cols, 2: rows×1, 3: 1×1. */
    static Mat broadcastOperand(SplittableRandom rng, int kind, int rows, int cols, double lo, double hi, boolean away) {
        int r = (kind == 1 || kind == 3) ? 1 : rows;
        int c = (kind == 2 || kind == 3) ? 1 : cols;
        if (away) return Mat.awayFromZero(rng, r, c, lo, hi);
        return Mat.uniform(rng, r, c, lo < 0 ? lo : -hi, hi);
    }

    private static int groupSize(int seed) {
        return new int[] {1, 2, 3, 5, 21}[seed % 5];
    }

    private static int sliceFrom(int seed, int cols) {
        return seed % cols;
    }

    private static int sliceTo(int seed, int cols) {
        int from = sliceFrom(seed, cols);
        return from + 1 + (seed / 3) % (cols - from);
    }

    private static int[] reshapeTo(int seed, int rows, int cols) {
        switch (seed % 3) {
            case 0: return new int[] {cols, rows};
            case 1: return new int[] {1, rows * cols};
            default: return new int[] {rows * cols, 1};
        }
    }

    static Mat matmul(Mat a, Mat b) {
        Mat y = Mat.zeros(a.rows(), b.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int p = 0; p < a.cols(); p++) s += a.get(i, p) * b.get(p, j);
                y.set(i, j, s);
            }
        }
        return y;
    }

    private static Mat rowReduce(Mat x, double factor) {
        Mat y = Mat.zeros(x.rows(), 1);
        for (int r = 0; r < x.rows(); r++) {
            double s = 0;
            for (int j = 0; j < x.cols(); j++) s += x.get(r, j);
            y.set(r, 0, factor * s);
        }
        return y;
    }

    private static Mat colReduce(Mat x, double factor) {
        Mat y = Mat.zeros(1, x.cols());
        for (int j = 0; j < x.cols(); j++) {
            double s = 0;
            for (int r = 0; r < x.rows(); r++) s += x.get(r, j);
            y.set(0, j, factor * s);
        }
        return y;
    }
}
