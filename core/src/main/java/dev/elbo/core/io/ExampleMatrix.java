package dev.elbo.core.io;

import java.util.Arrays;

/**
 * A data set as read from a file: {@code rows} examples of {@code cols} features each, stored
 * row-major in one flat array ({@code data[r * cols + c]}), with optional integer labels (one per
 * row, e.g. the digit of an MNIST image; {@code null} when the file had none).
 *
 * <p>The arrays are shared, not copied: the readers hand over fresh arrays they no longer touch.
 * Equality compares contents (bit for bit for the doubles), so tests can compare data sets.
 */
public record ExampleMatrix(int rows, int cols, double[] data, int[] labels) {

    /** Checks that the array sizes agree with {@code rows × cols}. */
    public ExampleMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("ExampleMatrix: negative shape " + rows + "×" + cols);
        }
        if (data == null || data.length != (long) rows * cols) {
            throw new IllegalArgumentException("ExampleMatrix: shape " + rows + "×" + cols + " needs "
                    + (long) rows * cols + " values, data has " + (data == null ? "none" : data.length));
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException("ExampleMatrix: " + rows + " rows but " + labels.length
                    + " labels");
        }
    }

    /** A matrix without labels. */
    public static ExampleMatrix of(int rows, int cols, double[] data) {
        return new ExampleMatrix(rows, cols, data, null);
    }

    /** The same data with these labels (one per row). */
    public ExampleMatrix withLabels(int[] newLabels) {
        return new ExampleMatrix(rows, cols, data, newLabels);
    }

    /** Whether there is a label per row. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** The value in row {@code r}, column {@code c}. */
    public double get(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("ExampleMatrix.get(" + r + ", " + c + ") outside "
                    + rows + "×" + cols);
        }
        return data[r * cols + c];
    }

    /** A copy of row {@code r}. */
    public double[] row(int r) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException("ExampleMatrix.row(" + r + ") outside " + rows + " rows");
        }
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExampleMatrix m && rows == m.rows && cols == m.cols
                && Arrays.equals(data, m.data) && Arrays.equals(labels, m.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * rows + cols) + Arrays.hashCode(data)) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ExampleMatrix[" + rows + "×" + cols + (labels == null ? "" : ", labelled") + "]";
    }
}
