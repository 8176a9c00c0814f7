package dev.elbo.models.data;

import dev.elbo.core.io.Alphabet;
import dev.elbo.core.io.DataFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * n examples of D features in memory: {@code data[i·D + j]} is feature j of example i
 * (row-major, batch first, as everywhere in elbo), with optional integer labels and a
 * description of what a row is:
 * <ul>
 *   <li>an image of {@link #imageHeight()} × {@link #imageWidth()} pixels (D = height·width,
 *       row-major), so rows can be drawn as pictures;</li>
 *   <li>a one-hot sequence over an {@link #alphabet()} (D = length · alphabet size, one group
 *       of alphabet-size columns per position), for a categorical likelihood;</li>
 *   <li>or plain features.</li>
 * </ul>
 *
 * <p>The arrays are shared, not copied (the loaders hand over fresh arrays, and a data set of
 * MNIST's size should not exist twice): treat {@link #data()} and {@link #labels()} as
 * read-only. Methods that derive a data set ({@link #subset}, {@link #withData}) copy.
 */
public final class DataSet {
    private final String name;
    private final int size;
    private final int dimension;
    private final double[] data;
    private final int[] labels;
    private final int imageHeight;
    private final int imageWidth;
    private final Alphabet alphabet;

    /**
     * @param name        for messages and file names, e.g. {@code "mnist/train"}
     * @param size        n, the number of examples (≥ 0)
     * @param dimension   D, features per example (&gt; 0)
     * @param data        n·D values, row-major
     * @param labels      n labels, or null
     * @param imageHeight picture height, or 0 when rows are not images
     * @param imageWidth  picture width, or 0; height·width must equal D when given
     * @param alphabet    the alphabet of one-hot sequence rows, or null; D must be a multiple of its size
     */
    public DataSet(String name, int size, int dimension, double[] data, int[] labels, int imageHeight,
                   int imageWidth, Alphabet alphabet) {
        this.name = Objects.requireNonNull(name, "name");
        if (size < 0 || dimension <= 0) {
            throw new IllegalArgumentException("DataSet '" + name + "': shape " + size + "×" + dimension
                    + " (need n >= 0 examples of D > 0 features)");
        }
        if (data == null || data.length != (long) size * dimension) {
            throw new IllegalArgumentException("DataSet '" + name + "': " + size + "×" + dimension + " needs "
                    + (long) size * dimension + " values, got " + (data == null ? "none" : data.length));
        }
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException("DataSet '" + name + "': " + labels.length + " labels for "
                    + size + " examples");
        }
        if ((imageHeight != 0 || imageWidth != 0)
                && (imageHeight <= 0 || imageWidth <= 0 || (long) imageHeight * imageWidth != dimension)) {
            throw new IllegalArgumentException("DataSet '" + name + "': images of " + imageHeight + "×"
                    + imageWidth + " pixels do not make rows of " + dimension + " values");
        }
        if (alphabet != null && dimension % alphabet.size() != 0) {
            throw new IllegalArgumentException("DataSet '" + name + "': rows of " + dimension
                    + " values are not one-hot groups of " + alphabet.size() + " symbols");
        }
        this.size = size;
        this.dimension = dimension;
        this.data = data;
        this.labels = labels;
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
        this.alphabet = alphabet;
    }

    /** Plain feature rows without labels. */
    public static DataSet of(String name, int size, int dimension, double[] data) {
        return new DataSet(name, size, dimension, data, null, 0, 0, null);
    }

    /** Images of height × width pixels, one per row; labels may be null. */
    public static DataSet images(String name, int size, int height, int width, double[] pixels, int[] labels) {
        return new DataSet(name, size, height * width, pixels, labels, height, width, null);
    }

    public String name() {
        return name;
    }

    /** n, the number of examples. */
    public int size() {
        return size;
    }

    /** D, the number of features of each example. */
    public int dimension() {
        return dimension;
    }

    /** The live row-major values (n·D); do not modify. */
    public double[] data() {
        return data;
    }

    /** The live labels, or null. */
    public int[] labels() {
        return labels;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Whether rows are images ({@link #imageHeight()} × {@link #imageWidth()}). */
    public boolean isImages() {
        return imageHeight > 0;
    }

    public int imageHeight() {
        return imageHeight;
    }

    public int imageWidth() {
        return imageWidth;
    }

    /** The alphabet of one-hot sequence rows, or null when rows are not sequences. */
    public Alphabet alphabet() {
        return alphabet;
    }

    /** Value of feature j of example i. */
    public double get(int i, int j) {
        Objects.checkIndex(i, size);
        Objects.checkIndex(j, dimension);
        return data[i * dimension + j];
    }

    /** Copies example i into {@code out[offset, offset + D)}. */
    public void copyRow(int i, double[] out, int offset) {
        Objects.checkIndex(i, size);
        System.arraycopy(data, i * dimension, out, offset, dimension);
    }

    /** The examples at {@code indices}, in that order (copied), with their labels. */
    public DataSet subset(String newName, int[] indices) {
        double[] rows = new double[indices.length * dimension];
        int[] ys = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            copyRow(indices[k], rows, k * dimension);
            if (ys != null) {
                ys[k] = labels[indices[k]];
            }
        }
        return new DataSet(newName, indices.length, dimension, rows, ys, imageHeight, imageWidth, alphabet);
    }

    /** The same examples (labels, image size, alphabet) with other values, e.g. binarized. */
    public DataSet withData(String newName, double[] newData) {
        return new DataSet(newName, size, dimension, newData, labels, imageHeight, imageWidth, alphabet);
    }

    /**
     * The mean of each feature over the examples (length D): for binary data the frequency of
     * ones, from which a Bernoulli decoder's output bias starts (at its logit). Summed in row
     * order, so the result is reproducible.
     */
    public double[] featureMeans() {
        if (size == 0) {
            throw new IllegalStateException("DataSet '" + name + "': no examples to average");
        }
        double[] sums = new double[dimension];
        for (int i = 0; i < size; i++) {
            int row = i * dimension;
            for (int j = 0; j < dimension; j++) {
                sums[j] += data[row + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            sums[j] /= size;
        }
        return sums;
    }

    /**
     * Checks every value is finite: a NaN or an infinity is reported as a
     * {@link DataFormatException} naming {@code source}, the row and column (1-based), so bad
     * input stops before training rather than as a NaN loss later.
     */
    public void requireFinite(Path source) throws DataFormatException {
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new DataFormatException(source, "row " + (k / dimension + 1) + ", column "
                        + (k % dimension + 1), "value is " + data[k] + ", expected a finite number");
            }
        }
    }

    /**
     * Checks every value lies in [0, 1], as Bernoulli probabilities (binarization) and
     * Bernoulli targets need.
     *
     * @throws IllegalArgumentException naming the data set, the row and column (1-based) and the value
     */
    public void requireUnitInterval(String purpose) {
        for (int k = 0; k < data.length; k++) {
            double v = data[k];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("data set '" + name + "': row " + (k / dimension + 1)
                        + ", column " + (k % dimension + 1) + ": value " + v + " is outside [0, 1], which "
                        + purpose + " needs");
            }
        }
    }

    @Override
    public String toString() {
        String kind = isImages() ? ", images " + imageHeight + "×" + imageWidth
                : alphabet != null ? ", sequences of " + dimension / alphabet.size() + " over " + alphabet.symbols()
                : "";
        return "DataSet '" + name + "' " + size + "×" + dimension + kind + (labels != null ? ", labelled" : "");
    }

    /** Content equality (values bit for bit), for tests. */
    public boolean sameContent(DataSet other) {
        return size == other.size && dimension == other.dimension && Arrays.equals(data, other.data)
                && Arrays.equals(labels, other.labels) && imageHeight == other.imageHeight
                && imageWidth == other.imageWidth;
    }
}
