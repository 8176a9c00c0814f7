package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file built by hand: magic, sizes, then the payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** A pattern whose value at (image, y, x) a test can recompute independently. */
    private static int patternByte(int i, int y, int x) {
        return (i * 37 + y * 11 + x * 3) % 256;
    }

    private static byte[] patternImages(int n, int h, int w) {
        byte[] b = new byte[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    b[(i * h + y) * w + x] = (byte) patternByte(i, y, x);
                }
            }
        }
        return b;
    }

    private DataFormatException fails(Path p, boolean images) {
        return assertThrows(DataFormatException.class, () -> {
            if (images) {
                Idx.readImages(p);
            } else {
                Idx.readLabels(p);
            }
        });
    }

    /** The message starts with the file and the location (a regex), and holds each part. */
    private static void assertMessage(DataFormatException e, Path file, String location, String... parts) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": ") && m.substring(file.toString().length() + 2)
                .matches(location + ": .*"), "expected '" + file + ": " + location + ": ...', got: " + m);
        for (String part : parts) {
            assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
        }
        assertEquals(-1, m.indexOf('\n'), m);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsPixelsInRowMajorOrderScaledTo01(boolean gz) throws Exception {
        int n = 3, h = 5, w = 4;
        byte[] raw = idx(Idx.IMAGES_MAGIC, new int[] {n, h, w}, patternImages(n, h, w));
        Path p = file("images" + (gz ? ".gz" : ""), gz ? gzip(raw) : raw);
        ImageSet set = Idx.readImages(p);
        assertEquals(n, set.count());
        assertEquals(h, set.height());
        assertEquals(w, set.width());
        assertEquals(h * w, set.pixels().cols());
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(patternByte(i, y, x) / 255.0, set.pixel(i, y, x), "image " + i + " (" + y
                            + ", " + x + ")");
                }
            }
        }
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws Exception {
        byte[] raw = idx(Idx.LABELS_MAGIC, new int[] {4}, new byte[] {7, 0, (byte) 255, 3});
        assertArrayEquals(new int[] {7, 0, 255, 3}, Idx.readLabels(file("labels.idx", gzip(raw))));
        assertArrayEquals(new int[] {7, 0, 255, 3}, Idx.readLabels(file("labels.gz", raw)));
    }

    static Stream<Arguments> roundTripCases() {
        return Stream.of(Arguments.of(1L, 1, 1, 1, false), Arguments.of(2L, 7, 28, 28, true),
                Arguments.of(3L, 50, 3, 9, false), Arguments.of(4L, 1, 1, 300, true));
    }

    @ParameterizedTest(name = "seed {0}: {1}×{2}×{3} gzip={4}")
    @MethodSource("roundTripCases")
    void writeThenReadGivesTheSameImagesAndLabels(long seed, int n, int h, int w, boolean gz) throws Exception {
        Random rnd = new Random(seed);
        double[] pixels = new double[n * h * w];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextInt(256) / 255.0;
        }
        int[] labels = rnd.ints(n, 0, 10).toArray();
        ImageSet images = new ImageSet(ExampleMatrix.of(n, h * w, pixels), h, w);
        Path pi = dir.resolve("img");
        Path pl = dir.resolve("lbl");
        Idx.writeImages(pi, images, gz);
        Idx.writeLabels(pl, labels, gz);
        ImageSet back = Idx.readImages(pi, pl);
        String where = "seed " + seed + ", shape " + n + "×" + h + "×" + w;
        assertEquals(images.pixels().withLabels(labels), back.pixels(), where);
        assertEquals(h, back.height(), where);
        assertEquals(w, back.width(), where);
    }

    @Test
    void labelCountMustMatchImageCount() throws Exception {
        Path pi = file("img", idx(Idx.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[12]));
        Path pl = file("lbl", idx(Idx.LABELS_MAGIC, new int[] {2}, new byte[2]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(pi, pl));
        assertMessage(e, pl, "byte 4", "2 labels", "3 images");
    }

    /** Every cut inside the 16-byte header of an image file. */
    static Stream<Arguments> headerCuts() {
        return IntStream.range(0, 16).boxed()
                .flatMap(cut -> Stream.of(Arguments.of(cut, false), Arguments.of(cut, true)));
    }

    @ParameterizedTest(name = "cut at {0}, gzip={1}")
    @MethodSource("headerCuts")
    void truncatedHeaderNamesTheByteWhereTheFileEnds(int cut, boolean gz) throws Exception {
        byte[] full = idx(Idx.IMAGES_MAGIC, new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        byte[] raw = Arrays.copyOf(full, cut);
        Path p = file("cut" + cut, gz ? gzip(raw) : raw);
        DataFormatException e = fails(p, true);
        String what = cut < 4 ? "file ends after " + cut + " of the 4 magic-number bytes"
                : "file ends after " + (cut - 4) + " of the 12 bytes of the sizes";
        assertMessage(e, p, (gz ? "decompressed byte " : "byte ") + cut, what);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedDataSaysHowManyBytesArePresent(boolean gz) throws Exception {
        byte[] full = idx(Idx.IMAGES_MAGIC, new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        byte[] raw = Arrays.copyOf(full, 16 + 12);
        Path p = file("images", gz ? gzip(raw) : raw);
        assertMessage(fails(p, true), p, (gz ? "decompressed byte " : "byte ") + 28,
                "file ends after 12 of 1568 pixel bytes (truncated?)");
        byte[] labels = Arrays.copyOf(idx(Idx.LABELS_MAGIC, new int[] {10}, new byte[10]), 8 + 9);
        Path pl = file("labels", gz ? gzip(labels) : labels);
        assertMessage(fails(pl, false), pl, (gz ? "decompressed byte " : "byte ") + 17,
                "file ends after 9 of 10 label bytes");
    }

    @Test
    void cutCompressedStreamIsReported() throws Exception {
        byte[] compressed = gzip(idx(Idx.IMAGES_MAGIC, new int[] {50, 28, 28}, patternImages(50, 28, 28)));
        Path p = file("cut.gz", Arrays.copyOf(compressed, compressed.length / 2));
        DataFormatException e = fails(p, true);
        assertMessage(e, p, "decompressed byte \\d+", "ends early (truncated?)");
    }

    @Test
    void damagedCompressedStreamIsReported() throws Exception {
        byte[] compressed = gzip(idx(Idx.IMAGES_MAGIC, new int[] {50, 28, 28}, patternImages(50, 28, 28)));
        for (int i = 20; i < compressed.length - 8; i += 7) {
            compressed[i] ^= 0x5A;
        }
        Path p = file("bad.gz", compressed);
        assertMessage(fails(p, true), p, "decompressed byte \\d+", "gzip");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesAreRefused(boolean gz) throws Exception {
        byte[] good = idx(Idx.IMAGES_MAGIC, new int[] {1, 2, 2}, new byte[4]);
        byte[] raw = Arrays.copyOf(good, good.length + 3);
        Path p = file("trailing", gz ? gzip(raw) : raw);
        assertMessage(fails(p, true), p, (gz ? "decompressed byte " : "byte ") + 20,
                "unexpected data after the last image");
    }

    @Test
    void wrongMagicNumbers() throws Exception {
        Path png = file("digit.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0});
        assertMessage(fails(png, true), png, "byte 0", "not an IDX file", "0x89504E47", "expected 0x00000803");

        Path labels = file("labels", idx(Idx.LABELS_MAGIC, new int[] {1}, new byte[1]));
        assertMessage(fails(labels, true), labels, "byte 3", "1 dimensions (this is a label file)", "expected 3");

        Path images = file("images", idx(Idx.IMAGES_MAGIC, new int[] {1, 1, 1}, new byte[1]));
        assertMessage(fails(images, false), images, "byte 3", "3 dimensions (this is an image file)",
                "expected 1");

        Path floats = file("floats", idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        assertMessage(fails(floats, true), floats, "byte 2", "type code 0x0D (float)", "expected 0x08");
    }

    @Test
    void zeroAndHugeSizesAreRefusedWithoutAllocatingForThem() throws Exception {
        Path zero = file("zero", idx(Idx.IMAGES_MAGIC, new int[] {5, 0, 28}, new byte[0]));
        assertMessage(fails(zero, true), zero, "byte 8", "size 2 of 3", "is 0");

        Path huge = file("huge", idx(Idx.IMAGES_MAGIC, new int[] {60000, 10000, 10000}, new byte[10]));
        assertMessage(fails(huge, true), huge, "byte 4", "more than one Java array can hold");

        Path negative = file("negative", idx(Idx.LABELS_MAGIC, new int[] {-1}, new byte[10]));
        assertMessage(fails(negative, false), negative, "byte 4", "4294967295", "too large");

        // 10^9 declared pixels but 10 present: reported as truncated, with memory for what is there
        Path big = file("big", idx(Idx.IMAGES_MAGIC, new int[] {1000, 1000, 1000}, new byte[10]));
        assertMessage(fails(big, true), big, "byte 26", "file ends after 10 of 1000000000 pixel bytes");
    }

    @Test
    void missingFileAndFolder() {
        Path missing = dir.resolve("nope.idx");
        DataFormatException e = fails(missing, true);
        assertEquals(missing + ": no such file", e.getMessage());
        assertEquals(dir + ": is a folder, expected a file", fails(dir, false).getMessage());
    }

    @Test
    void writersRefuseValuesTheFormatCannotHold() {
        ImageSet bad = new ImageSet(ExampleMatrix.of(1, 2, new double[] {0.5, 1.5}), 1, 2);
        assertThrows(IllegalArgumentException.class, () -> Idx.writeImages(dir.resolve("x"), bad, false));
        assertThrows(IllegalArgumentException.class,
                () -> Idx.writeLabels(dir.resolve("y"), new int[] {256}, false));
    }
}
