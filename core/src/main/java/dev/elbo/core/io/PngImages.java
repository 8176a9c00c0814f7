package dev.elbo.core.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Grayscale images as PNG files: a folder of them as a data set, and a grid of them as a picture.
 *
 * <p>Reading gives intensities in [0, 1], 0 = black:
 * <ul>
 *   <li>gray PNGs (1 to 16 bits) give their stored levels divided by the largest level, exactly
 *       (no gamma conversion);</li>
 *   <li>color PNGs are converted by luminance, {@code 0.299 R + 0.587 G + 0.114 B} on the stored
 *       (gamma-encoded) values, the Rec. 601 weights most image tools use for "to grayscale";</li>
 *   <li>transparency is composited over black ({@code value · alpha}): a transparent pixel reads
 *       as background 0, as in MNIST.</li>
 * </ul>
 */
public final class PngImages {
    private PngImages() {}

    /** Gap between tiles in {@link #writeGrid(Path, double[], int, int, int, int)}, pixels. */
    public static final int DEFAULT_PADDING = 2;
    /** Intensity of the gap between tiles: mid gray, visible against black and white digits. */
    public static final double DEFAULT_PAD_VALUE = 0.5;

    /**
     * Reads every {@code *.png} file of a folder (extension in any case; hidden files, whose
     * names start with {@code .}, are skipped) in the order of their file names compared as
     * strings — so {@code img10.png} comes before {@code img2.png}; pad numbers with zeros to
     * keep a numeric order. All images must have the size of the first.
     */
    public static ImageSet readFolder(Path dir) throws IOException, DataFormatException {
        if (!Files.exists(dir)) {
            throw DataFormatException.of(dir, "no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw DataFormatException.of(dir, "is a file, expected a folder of PNG images");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".png")
                        && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        if (files.isEmpty()) {
            throw DataFormatException.of(dir, "no *.png files in this folder");
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));

        int height = 0;
        int width = 0;
        double[] data = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            if (i == 0) {
                height = image.getHeight();
                width = image.getWidth();
                long total = (long) files.size() * height * width;
                if (total > Integer.MAX_VALUE - 8) {
                    throw DataFormatException.of(dir, files.size() + " images of " + width + "×" + height
                            + " pixels are more than one Java array can hold");
                }
                data = new double[(int) total];
            } else if (image.getHeight() != height || image.getWidth() != width) {
                throw DataFormatException.of(file, "image is " + image.getWidth() + "×" + image.getHeight()
                        + " pixels (width×height), expected " + width + "×" + height + " like "
                        + files.get(0).getFileName());
            }
            toGray(image, data, i * height * width);
        }
        return new ImageSet(ExampleMatrix.of(files.size(), height * width, data), height, width);
    }

    /** Reads one PNG as a set of one image. */
    public static ImageSet readImage(Path file) throws IOException, DataFormatException {
        BufferedImage image = decode(file);
        int h = image.getHeight();
        int w = image.getWidth();
        double[] data = new double[h * w];
        toGray(image, data, 0);
        return new ImageSet(ExampleMatrix.of(1, h * w, data), h, w);
    }

    /**
     * Writes images as one PNG (atomically): tiles of {@code height × width} in rows of
     * {@code columns}, {@link #DEFAULT_PADDING} pixels of {@link #DEFAULT_PAD_VALUE} gray around
     * and between them. Image {@code i} is {@code pixels[i·h·w, (i+1)·h·w)}, row-major.
     */
    public static void writeGrid(Path file, double[] pixels, int count, int height, int width, int columns)
            throws IOException {
        writeGrid(file, pixels, count, height, width, columns, DEFAULT_PADDING, DEFAULT_PAD_VALUE);
    }

    /**
     * As {@link #writeGrid(Path, double[], int, int, int, int)} with a chosen padding. Values
     * are intensities: below 0 is drawn black and above 1 white; each becomes the nearest of
     * 256 gray levels.
     *
     * @throws IllegalArgumentException on NaN pixels (a model that produced them has diverged)
     *                                  or sizes that do not fit
     */
    public static void writeGrid(Path file, double[] pixels, int count, int height, int width, int columns,
            int padding, double padValue) throws IOException {
        if (count <= 0 || height <= 0 || width <= 0 || columns <= 0 || padding < 0) {
            throw new IllegalArgumentException("PngImages.writeGrid: count " + count + ", tile " + height
                    + "×" + width + ", columns " + columns + ", padding " + padding + " must be positive");
        }
        if ((long) count * height * width > pixels.length) {
            throw new IllegalArgumentException("PngImages.writeGrid: " + count + " images of " + height
                    + "×" + width + " need " + (long) count * height * width + " values, got "
                    + pixels.length);
        }
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        long gridW = (long) cols * (width + padding) + padding;
        long gridH = (long) rows * (height + padding) + padding;
        if (gridW * gridH > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("PngImages.writeGrid: a " + gridW + "×" + gridH
                    + " picture is too large");
        }
        BufferedImage image = new BufferedImage((int) gridW, (int) gridH, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(out, level(padValue, -1, pixels));
        for (int i = 0; i < count; i++) {
            int top = padding + (i / cols) * (height + padding);
            int left = padding + (i % cols) * (width + padding);
            for (int y = 0; y < height; y++) {
                int src = i * height * width + y * width;
                int dst = (top + y) * (int) gridW + left;
                for (int x = 0; x < width; x++) {
                    out[dst + x] = level(pixels[src + x], src + x, pixels);
                }
            }
        }
        AtomicFiles.write(file, stream -> {
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(stream)) {
                if (!ImageIO.write(image, "png", ios)) {
                    throw new IOException("no PNG writer in this JVM");
                }
            }
        });
    }

    /** Intensity → gray level 0..255, clamped; NaN is refused. */
    private static byte level(double v, int index, double[] pixels) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("PngImages.writeGrid: "
                    + (index < 0 ? "pad value" : "pixel " + index) + " is NaN");
        }
        double clamped = v < 0 ? 0 : v > 1 ? 1 : v;
        return (byte) Math.round(clamped * 255);
    }

    private static BufferedImage decode(Path file) throws IOException, DataFormatException {
        BufferedImage image;
        try (InputStream in = Readers.open(file)) {
            image = ImageIO.read(in);
        } catch (IIOException e) {
            String detail = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
            throw new DataFormatException(file, "", "cannot decode the PNG (" + detail + ")", e);
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some damaged files
            throw new DataFormatException(file, "", "cannot decode the PNG (" + e + ")", e);
        }
        if (image == null) {
            throw DataFormatException.of(file, "not an image file this JVM can read (expected PNG)");
        }
        return image;
    }

    /** Writes the image's intensities to {@code out[offset ...]}, row-major. */
    private static void toGray(BufferedImage image, double[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1
                && !(model instanceof java.awt.image.IndexColorModel)) {
            // Stored gray levels, read directly: getRGB would pass them through a gamma curve.
            // Divided (not multiplied by 1/max) so that level k gives exactly k / max, as in Idx.
            double max = (1 << model.getComponentSize(0)) - 1;
            int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int[] alpha = model.hasAlpha() ? raster.getSamples(0, 0, w, h, 1, (int[]) null) : null;
            double alphaMax = model.hasAlpha() ? (1 << model.getComponentSize(1)) - 1 : 1;
            for (int i = 0; i < gray.length; i++) {
                double v = gray[i] / max;
                out[offset + i] = alpha == null ? v : v * (alpha[i] / alphaMax);
            }
            return;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double a = (p >>> 24) / 255.0;
            double luma = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
            out[offset + i] = Math.min(1.0, luma / 255.0) * a;
        }
    }
}
