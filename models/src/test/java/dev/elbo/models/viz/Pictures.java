package dev.elbo.models.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks on written pictures: a real PNG, decodable, not blank. */
final class Pictures {
    private Pictures() {}

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Reads a PNG file, checking its signature; fails the test if it is not one. */
    static BufferedImage readPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > PNG_SIGNATURE.length, file + " is empty");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file + " has no PNG signature");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " does not decode");
        return image;
    }

    /** Number of distinct colours (up to {@code limit}). */
    static int colours(BufferedImage image, int limit) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xFFFFFF);
                if (seen.size() >= limit) {
                    return limit;
                }
            }
        }
        return seen.size();
    }

    /** Share of pixels that are not white. */
    static double inked(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return (double) n / ((long) image.getWidth() * image.getHeight());
    }

    /** Count of pixels close to {@code rgb} (each channel within {@code tolerance}). */
    static long near(BufferedImage image, int rgb, int tolerance) {
        int w = image.getWidth();
        int[] pixels = image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        long n = 0;
        for (int p : pixels) {
            if (Math.abs(((p >> 16) & 0xFF) - r) <= tolerance && Math.abs(((p >> 8) & 0xFF) - g) <= tolerance
                    && Math.abs((p & 0xFF) - b) <= tolerance) {
                n++;
            }
        }
        return n;
    }
}
