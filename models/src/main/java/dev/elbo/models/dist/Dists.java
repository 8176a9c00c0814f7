package dev.elbo.models.dist;

import dev.elbo.autodiff.Tensor;

/** Argument checks and column statistics shared by the likelihoods. */
final class Dists {
    private Dists() {}

    static void checkArrays(String op, double[] in, int rows, int inCols, double[] out, int outCols) {
        if (rows < 0 || (long) rows * inCols > in.length) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + inCols + " decoder outputs need "
                    + (long) rows * inCols + " values, got an array of " + in.length);
        }
        if ((long) rows * outCols > out.length) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + outCols + " columns need an output of "
                    + (long) rows * outCols + ", got " + out.length);
        }
    }

    static void checkBias(String op, Tensor bias, int outputs) {
        if (bias.rows() != 1 || bias.cols() != outputs) {
            throw new IllegalArgumentException(op + ": the decoder's output bias must be 1×" + outputs + ", got " + bias.shape());
        }
    }

    static void checkData(String op, double[] data, int rows, int cols) {
        if (rows <= 0 || (long) rows * cols > data.length) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + cols + " columns do not fit in an array of "
                    + data.length);
        }
    }

    /** Mean of each column of the rows × cols matrix. */
    static double[] columnMeans(double[] data, int rows, int cols) {
        checkData("column means", data, rows, cols);
        double[] mean = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) mean[j] += data[i * cols + j];
        }
        for (int j = 0; j < cols; j++) mean[j] /= rows;
        return mean;
    }

    /** Variance (divisor rows) of each column around the given means. */
    static double[] columnVariances(double[] data, int rows, int cols, double[] mean) {
        double[] var = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double d = data[i * cols + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) var[j] /= rows;
        return var;
    }
}
