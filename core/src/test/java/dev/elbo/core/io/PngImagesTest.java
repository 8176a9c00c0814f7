package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngImagesTest {
    @TempDir
    Path dir;

    /** A gray PNG whose level at (y, x) is {@code levels[y * w + x]}. */
    private static Path gray(Path file, int h, int w, int[] levels, int type) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        img.getRaster().setSamples(0, 0, w, h, 0, levels);
        assertTrue(ImageIO.write(img, "png", file.toFile()));
        return file;
    }

    private static int[] pattern(long seed, int n, int max) {
        return new Random(seed).ints(n, 0, max + 1).toArray();
    }

    private static void assertMessage(DataFormatException e, Path file, String... parts) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "expected '" + file + ": ...', got: " + m);
        for (String part : parts) {
            assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
        }
        assertEquals(-1, m.indexOf('\n'), m);
    }

    @Test
    void readsAFolderInFileNameOrderWithExactGrayLevels() throws Exception {
        int h = 4, w = 3;
        int[] a = pattern(1, h * w, 255);
        int[] b = pattern(2, h * w, 255);
        int[] c = pattern(3, h * w, 255);
        gray(dir.resolve("b.png"), h, w, b, BufferedImage.TYPE_BYTE_GRAY);
        gray(dir.resolve("a.png"), h, w, a, BufferedImage.TYPE_BYTE_GRAY);
        gray(dir.resolve("c.PNG"), h, w, c, BufferedImage.TYPE_BYTE_GRAY);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve(".hidden.png"), "macOS metadata, not an image");
        ImageSet set = PngImages.readFolder(dir);
        assertEquals(3, set.count());
        assertEquals(h, set.height());
        assertEquals(w, set.width());
        int[][] expected = {a, b, c};
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < h * w; p++) {
                assertEquals(expected[i][p] / 255.0, set.pixels().get(i, p), "image " + i + ", pixel " + p);
            }
        }
    }

    @Test
    void sixteenBitGrayIsScaledByItsOwnMaximum() throws Exception {
        int[] levels = {0, 1, 32768, 65535, 1000, 65534};
        Path p = gray(dir.resolve("deep.png"), 2, 3, levels, BufferedImage.TYPE_USHORT_GRAY);
        ImageSet set = PngImages.readImage(p);
        for (int i = 0; i < levels.length; i++) {
            assertEquals(levels[i] / 65535.0, set.pixels().get(0, i), "pixel " + i);
        }
    }

    @Test
    void colorIsConvertedByLuminanceAndAlphaOverBlack() throws Exception {
        int w = 5;
        int[] argb = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFFFFFFFF, 0x80402010};
        BufferedImage img = new BufferedImage(w, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, 1, argb, 0, w);
        Path p = dir.resolve("color.png");
        ImageIO.write(img, "png", p.toFile());
        ImageSet set = PngImages.readImage(p);
        double[] expected = {0.299, 0.587, 0.114, 1.0,
            (0.299 * 0x40 + 0.587 * 0x20 + 0.114 * 0x10) / 255.0 * (0x80 / 255.0)};
        for (int x = 0; x < w; x++) {
            assertEquals(expected[x], set.pixel(0, 0, x), 1e-12, "pixel " + x);
        }
    }

    @Test
    void imagesOfAnotherSizeAreNamedWithBothSizes() throws Exception {
        gray(dir.resolve("a.png"), 4, 3, new int[12], BufferedImage.TYPE_BYTE_GRAY);
        Path b = gray(dir.resolve("b.png"), 4, 5, new int[20], BufferedImage.TYPE_BYTE_GRAY);
        DataFormatException e = assertThrows(DataFormatException.class, () -> PngImages.readFolder(dir));
        assertEquals(b + ": image is 5×4 pixels (width×height), expected 3×4 like a.png", e.getMessage());
    }

    @Test
    void emptyMissingAndNonFolders() throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "no images here");
        DataFormatException empty = assertThrows(DataFormatException.class, () -> PngImages.readFolder(dir));
        assertEquals(dir + ": no *.png files in this folder", empty.getMessage());
        Path missing = dir.resolve("missing");
        assertEquals(missing + ": no such folder",
                assertThrows(DataFormatException.class, () -> PngImages.readFolder(missing)).getMessage());
        Path file = dir.resolve("readme.txt");
        assertMessage(assertThrows(DataFormatException.class, () -> PngImages.readFolder(file)), file,
                "expected a folder");
    }

    @Test
    void undecodableFilesAreNamed() throws Exception {
        Path text = dir.resolve("a.png");
        Files.writeString(text, "this is text");
        assertMessage(assertThrows(DataFormatException.class, () -> PngImages.readFolder(dir)), text,
                "not an image file");
        Path damaged = dir.resolve("b.png");
        byte[] good;
        Path tmp = gray(dir.resolve("good.bin"), 8, 8, pattern(4, 64, 255), BufferedImage.TYPE_BYTE_GRAY);
        good = Files.readAllBytes(tmp);
        Files.delete(tmp);
        Files.write(damaged, java.util.Arrays.copyOf(good, good.length / 2));
        Files.delete(text);
        assertMessage(assertThrows(DataFormatException.class, () -> PngImages.readFolder(dir)), damaged,
                "cannot decode the PNG");
    }

    @Test
    void gridPutsEachTileInItsPlaceWithPadding() throws Exception {
        int count = 5, h = 3, w = 2, columns = 2, pad = 2;
        double[] pixels = new double[count * h * w];
        Random rnd = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextDouble() * 1.4 - 0.2; // some below 0 and above 1: clamped
        }
        Path out = dir.resolve("grid.png");
        PngImages.writeGrid(out, pixels, count, h, w, columns);
        BufferedImage img = ImageIO.read(out.toFile());
        int gridW = columns * (w + pad) + pad;
        int gridH = 3 * (h + pad) + pad;
        assertEquals(gridW, img.getWidth());
        assertEquals(gridH, img.getHeight());
        WritableRaster r = img.getRaster();
        boolean[][] inTile = new boolean[gridH][gridW];
        for (int i = 0; i < count; i++) {
            int top = pad + (i / columns) * (h + pad);
            int left = pad + (i % columns) * (w + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = Math.max(0, Math.min(1, pixels[(i * h + y) * w + x]));
                    assertEquals(Math.round(v * 255), r.getSample(left + x, top + y, 0),
                            "image " + i + " (" + y + ", " + x + ")");
                    inTile[top + y][left + x] = true;
                }
            }
        }
        for (int y = 0; y < gridH; y++) {
            for (int x = 0; x < gridW; x++) {
                if (!inTile[y][x]) {
                    assertEquals(128, r.getSample(x, y, 0), "padding at (" + y + ", " + x + ")");
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("grid.png"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void gridRoundTripsThroughTheReader() throws Exception {
        int h = 5, w = 4;
        double[] pixels = new double[h * w];
        int[] levels = pattern(9, h * w, 255);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = levels[i] / 255.0;
        }
        Path out = dir.resolve("one.png");
        PngImages.writeGrid(out, pixels, 1, h, w, 1, 0, 0.0);
        ImageSet back = PngImages.readImage(out);
        assertEquals(ExampleMatrix.of(1, h * w, pixels), back.pixels());
    }

    @Test
    void gridRefusesNaNAndBadSizes() {
        Path out = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class,
                () -> PngImages.writeGrid(out, new double[] {0, Double.NaN}, 1, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> PngImages.writeGrid(out, new double[3], 1, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> PngImages.writeGrid(out, new double[4], 1, 2, 2, 0));
        assertTrue(Files.notExists(out));
    }
}
