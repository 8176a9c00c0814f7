package dev.elbo.models.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The image figures of a VAE report, as PNG files: samples from the prior, originals above their
 * reconstructions, a latent traversal and interpolations. Images are rows of {@code height ×
 * width} intensities in [0, 1] (0 = black), as the decoder's mean gives them; each is enlarged
 * so that a 28×28 digit shows at 84×84 pixels. Latent dimensions are numbered from 1 in labels
 * (z₁ is the first), as in the lecture.
 */
public final class ImageGrids {
    private ImageGrids() {}

    /** Enlargement that brings the longer side of a tile near 84 pixels, between 1 and 4. */
    public static int defaultScale(int height, int width) {
        int side = Math.max(height, width);
        return Math.max(1, Math.min(4, (int) Math.round(84.0 / side)));
    }

    /** {@code count} samples from the prior in a near-square grid. */
    public static void samples(Path file, double[] images, int count, int height, int width) throws IOException {
        samples(file, images, count, height, width, "Samples from the prior p(z), decoded");
    }

    /** {@code count} images in a near-square grid under {@code title}. */
    public static void samples(Path file, double[] images, int count, int height, int width, String title)
            throws IOException {
        checkCount("samples", images, count, height, width);
        int cols = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + cols - 1) / cols;
        Png.write(file, new Mosaic(prefix(images, count, height, width), rows, cols, height, width)
                .scale(defaultScale(height, width))
                .title(title)
                .render());
    }

    /**
     * Originals above their reconstructions: for each group of {@code perRow} examples a row of
     * originals, then the row of their reconstructions (the decoder's mean at the encoder's mean).
     */
    public static void reconstructions(Path file, double[] originals, double[] reconstructions, int count,
            int height, int width, int perRow) throws IOException {
        checkCount("reconstructions (originals)", originals, count, height, width);
        checkCount("reconstructions", reconstructions, count, height, width);
        if (perRow <= 0) {
            throw new IllegalArgumentException("ImageGrids.reconstructions: perRow " + perRow + " must be positive");
        }
        int cols = Math.min(perRow, count);
        int groups = (count + cols - 1) / cols;
        int size = height * width;
        double[] tiles = new double[2 * groups * cols * size];
        java.util.Arrays.fill(tiles, 1.0); // white where the last group is short
        String[] labels = new String[2 * groups];
        for (int i = 0; i < count; i++) {
            int g = i / cols;
            int c = i % cols;
            System.arraycopy(originals, i * size, tiles, ((2 * g) * cols + c) * size, size);
            System.arraycopy(reconstructions, i * size, tiles, ((2 * g + 1) * cols + c) * size, size);
        }
        for (int g = 0; g < groups; g++) {
            labels[2 * g] = "original";
            labels[2 * g + 1] = "reconstruction";
        }
        Png.write(file, new Mosaic(tiles, 2 * groups, cols, height, width)
                .scale(defaultScale(height, width))
                .title("Originals and their reconstructions")
                .rowLabels(labels)
                .render());
    }

    /**
     * A latent traversal: row {@code r} varies latent dimension {@code dims[r]} (0-based) over
     * {@code values}, the other dimensions held fixed; {@code images} holds
     * {@code dims.length × values.length} images, row by row.
     */
    public static void traversal(Path file, double[] images, int[] dims, double[] values, int height, int width)
            throws IOException {
        checkCount("traversal", images, dims.length * values.length, height, width);
        String[] rows = new String[dims.length];
        for (int r = 0; r < dims.length; r++) {
            rows[r] = "z" + subscript(dims[r] + 1);
        }
        String[] cols = new String[values.length];
        for (int c = 0; c < values.length; c++) {
            cols[c] = number(values[c]);
        }
        Png.write(file, new Mosaic(prefix(images, dims.length * values.length, height, width), dims.length,
                values.length, height, width)
                .scale(defaultScale(height, width))
                .title("Latent traversal: one dimension varied, the others fixed")
                .colLabels("value of the varied dimension", cols)
                .rowLabels(rows)
                .render());
    }

    /**
     * Interpolations in latent space: {@code rows} strips of {@code steps} decoded images, from
     * one example's code (left) to another's (right); columns are labelled by the mixing weight.
     */
    public static void interpolation(Path file, double[] frames, int rows, int steps, int height, int width)
            throws IOException {
        checkCount("interpolation", frames, rows * steps, height, width);
        String[] cols = new String[steps];
        for (int c = 0; c < steps; c++) {
            cols[c] = number(steps == 1 ? 0 : (double) c / (steps - 1));
        }
        Png.write(file, new Mosaic(prefix(frames, rows * steps, height, width), rows, steps, height, width)
                .scale(defaultScale(height, width))
                .title("Interpolation in latent space: z = (1 − t)·μ(a) + t·μ(b)")
                .colLabels("t", cols)
                .render());
    }

    /** {@code n} evenly spaced values from {@code lo} to {@code hi}, both included. */
    public static double[] linspace(double lo, double hi, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ImageGrids.linspace: n " + n + " must be positive");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        }
        return v;
    }

    /** {@code 12} → {@code ₁₂}. */
    static String subscript(int n) {
        String digits = Integer.toString(n);
        StringBuilder b = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            b.append(c == '-' ? '₋' : (char) ('₀' + (c - '0')));
        }
        return b.toString();
    }

    /** A short label: {@code -3}, {@code -1.5}, {@code 0.25}, with a true minus sign. */
    static String number(double v) {
        String s = v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
        if (s.equals("-0")) {
            s = "0";
        }
        return s.replace('-', '−');
    }

    private static void checkCount(String what, double[] images, int count, int height, int width) {
        if (count <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("ImageGrids." + what + ": " + count + " images of " + height + "×"
                    + width + ", all must be positive");
        }
        if ((long) count * height * width > images.length) {
            throw new IllegalArgumentException("ImageGrids." + what + ": " + count + " images of " + height + "×"
                    + width + " need " + (long) count * height * width + " values, got " + images.length);
        }
    }

    private static double[] prefix(double[] images, int count, int height, int width) {
        int n = count * height * width;
        return n == images.length ? images : java.util.Arrays.copyOf(images, n);
    }
}
