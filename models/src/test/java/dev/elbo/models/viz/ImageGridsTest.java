package dev.elbo.models.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The image figures: exact tile placement for the bare mosaic, valid non-blank PNGs for the figures. */
class ImageGridsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(3, 4, 28, 28, 3, 1L), Arguments.of(1, 1, 5, 7, 1, 2L),
                Arguments.of(2, 5, 8, 3, 4, 3L), Arguments.of(4, 2, 16, 16, 2, 4L));
    }

    /** Without title or labels the layout is fixed: 10 px margins, gaps of max(2, scale) px. */
    @ParameterizedTest(name = "{0}×{1} tiles of {2}×{3}, scale {4}")
    @MethodSource("shapes")
    void mosaicPutsEveryPixelWhereItBelongs(int rows, int cols, int h, int w, int scale, long seed) {
        Random rnd = new Random(seed);
        int count = rows * cols - (rows * cols > 1 ? 1 : 0); // leave the last tile empty
        double[] px = new double[count * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt(256) / 255.0;
        }
        BufferedImage img = new Mosaic(px, rows, cols, h, w).scale(scale).render();
        int gap = Math.max(2, scale);
        String where = rows + "×" + cols + " of " + h + "×" + w + " ×" + scale;
        assertEquals(10 + cols * w * scale + (cols + 1) * gap + 10, img.getWidth(), where);
        assertEquals(10 + rows * h * scale + (rows + 1) * gap + 10, img.getHeight(), where);
        for (int i = 0; i < count; i++) {
            int x0 = 10 + gap + (i % cols) * (w * scale + gap);
            int y0 = 10 + gap + (i / cols) * (h * scale + gap);
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int level = (int) Math.round(px[i * h * w + (y / scale) * w + x / scale] * 255);
                    int rgb = img.getRGB(x0 + x, y0 + y) & 0xFFFFFF;
                    if (rgb != (level << 16 | level << 8 | level)) {
                        throw new AssertionError(where + ": tile " + i + " pixel (" + y + ", " + x + ") is "
                                + Integer.toHexString(rgb) + ", expected level " + level);
                    }
                }
            }
        }
    }

    @Test
    void mosaicClampsAndRefusesNaN() {
        BufferedImage img = new Mosaic(new double[] {-1, 2}, 1, 1, 1, 2).scale(1).render();
        assertEquals(0x000000, img.getRGB(12, 12) & 0xFFFFFF);
        assertEquals(0xFFFFFF, img.getRGB(13, 12) & 0xFFFFFF);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mosaic(new double[] {0, 0, Double.NaN, 0}, 2, 1, 1, 2));
        assertTrue(e.getMessage().contains("pixel 0 of image 1 is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Mosaic(new double[7], 2, 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Mosaic(new double[4], 1, 1, 2, 2).rowLabels("a", "b"));
    }

    private static double[] digits(int count, int h, int w, long seed) {
        Random rnd = new Random(seed);
        double[] px = new double[count * h * w];
        for (int i = 0; i < count; i++) { // a bright disc of random radius on black
            double r = 3 + rnd.nextInt(Math.min(h, w) / 3);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double d = Math.hypot(y - h / 2.0, x - w / 2.0);
                    px[(i * h + y) * w + x] = d < r ? 1 - d / (2 * r) : 0;
                }
            }
        }
        return px;
    }

    /** Checks a written figure: PNG, at least as large as its tiles, both black and white present. */
    private static BufferedImage check(Path file, int minW, int minH) throws IOException {
        BufferedImage img = Pictures.readPng(file);
        assertTrue(img.getWidth() >= minW && img.getHeight() >= minH,
                file.getFileName() + " is " + img.getWidth() + "×" + img.getHeight() + ", expected at least "
                        + minW + "×" + minH);
        assertTrue(Pictures.colours(img, 50) >= 10, file.getFileName() + " is nearly blank");
        assertTrue(Pictures.near(img, 0x000000, 0) > 0, "black background of the images");
        assertTrue(Pictures.near(img, 0xFFFFFF, 0) > 0, "white");
        return img;
    }

    @Test
    void samplesGrid() throws IOException {
        Path f = dir.resolve("samples.png");
        ImageGrids.samples(f, digits(64, 28, 28, 1), 64, 28, 28);
        check(f, 8 * 84, 8 * 84); // 8×8 tiles, each 28×3 px
        ImageGrids.samples(f, digits(10, 28, 28, 1), 7, 28, 28); // extra images ignored, 3×3 grid
        BufferedImage img = check(f, 3 * 84, 3 * 84);
        assertTrue(img.getHeight() < 4 * 84, "3 rows");
    }

    @Test
    void reconstructionPairs() throws IOException {
        Path f = dir.resolve("recon.png");
        double[] originals = digits(10, 28, 28, 2);
        double[] recon = digits(10, 28, 28, 3);
        ImageGrids.reconstructions(f, originals, recon, 10, 28, 28, 8);
        check(f, 8 * 84, 4 * 84); // 2 groups of 2 rows
    }

    @Test
    void traversalAndInterpolation() throws IOException {
        double[] values = ImageGrids.linspace(-3, 3, 7);
        assertEquals(-3, values[0]);
        assertEquals(0, values[3]);
        assertEquals(3, values[6]);
        Path t = dir.resolve("traversal.png");
        ImageGrids.traversal(t, digits(4 * 7, 28, 28, 4), new int[] {0, 3, 7, 11}, values, 28, 28);
        check(t, 7 * 84, 4 * 84);
        Path i = dir.resolve("interpolation.png");
        ImageGrids.interpolation(i, digits(2 * 9, 28, 28, 5), 2, 9, 28, 28);
        check(i, 9 * 84, 2 * 84);
    }

    @Test
    void labelsAreReadable() {
        assertEquals("₁₂", ImageGrids.subscript(12));
        assertEquals("−3", ImageGrids.number(-3));
        assertEquals("−1.5", ImageGrids.number(-1.5));
        assertEquals("0.25", ImageGrids.number(0.25));
        assertEquals("0", ImageGrids.number(-0.0));
        assertEquals(3, ImageGrids.defaultScale(28, 28));
        assertEquals(1, ImageGrids.defaultScale(100, 20));
        assertEquals(4, ImageGrids.defaultScale(8, 8));
    }

    @Test
    void tooFewValuesAreRefusedAndNothingIsWritten() {
        Path f = dir.resolve("bad.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageGrids.samples(f, new double[100], 2, 28, 28));
        assertTrue(e.getMessage().contains("need 1568 values, got 100"), e.getMessage());
        assertFalse(Files.exists(f));
    }
}
