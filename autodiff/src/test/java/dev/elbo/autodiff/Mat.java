package dev.elbo.autodiff;

import java.util.SplittableRandom;

/** A plain test-side matrix (rows, cols, row-major values) and the random draws the tests use. */
record Mat(int rows, int cols, double[] v) {

    Mat {
        if (v.length != rows * cols) throw new IllegalArgumentException(rows + "x" + cols + " with " + v.length);
    }

    static Mat zeros(int rows, int cols) {
        return new Mat(rows, cols, new double[rows * cols]);
    }

    double get(int r, int c) {
        return v[r * cols + c];
    }

    void set(int r, int c, double x) {
        v[r * cols + c] = x;
    }

    /** Entry (r, c) of this matrix broadcast to a larger shape: a dimension of size 1 repeats. */
    double bcast(int r, int c) {
        return v[(rows == 1 ? 0 : r) * cols + (cols == 1 ? 0 : c)];
    }

    String shape() {
        return rows + "×" + cols;
    }

    Tensor parameter(String name) {
        Tensor t = Tensor.parameter(name, rows, cols);
        System.arraycopy(v, 0, t.value(), 0, v.length);
        return t;
    }

    Tensor constant(String name) {
        return Tensor.constant(name, rows, cols, v);
    }

    // ---------------------------------------------------------------- draws

    static Mat uniform(SplittableRandom rng, int rows, int cols, double lo, double hi) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
        return new Mat(rows, cols, v);
    }

    /** |value| in [lo, hi], random sign: keeps kinks (relu, elu at 0) and poles (1/x) away. */
    static Mat awayFromZero(SplittableRandom rng, int rows, int cols, double lo, double hi) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double m = lo + (hi - lo) * rng.nextDouble();
            v[i] = rng.nextBoolean() ? m : -m;
        }
        return new Mat(rows, cols, v);
    }

    /** rows × (groups·size), one 1 per group at a random position. */
    static Mat oneHot(SplittableRandom rng, int rows, int groups, int size) {
        Mat m = zeros(rows, groups * size);
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) m.set(r, g * size + rng.nextInt(size), 1.0);
        }
        return m;
    }

    /**
     * A shape chosen so that a run over consecutive seeds covers the edge cases: 1×1, 1×n, n×1,
     * 5×13 (65 entries: not a multiple of any vector length), then random ones up to 7×9.
     */
    static int[] shape(int seed, SplittableRandom rng) {
        switch (seed % 6) {
            case 0: return new int[] {1, 1};
            case 1: return new int[] {1, 2 + rng.nextInt(16)};
            case 2: return new int[] {2 + rng.nextInt(16), 1};
            case 3: return new int[] {5, 13};
            default: return new int[] {1 + rng.nextInt(7), 1 + rng.nextInt(9)};
        }
    }
}
