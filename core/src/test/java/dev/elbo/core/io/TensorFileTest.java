package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {
    @TempDir
    Path dir;

    private int files;

    /** A file of the given header text (unpadded) and data bytes, built by hand. */
    private Path raw(String header, byte[] data) throws IOException {
        return raw(header.getBytes(StandardCharsets.UTF_8), data);
    }

    private Path raw(byte[] header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(data);
        Path p = dir.resolve("t" + (++files) + ".safetensors");
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] doublesLE(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static DataFormatException fails(Path p) {
        return assertThrows(DataFormatException.class, () -> TensorFile.read(p));
    }

    private static void assertMessage(DataFormatException e, Path file, String location, String... parts) {
        String m = e.getMessage();
        String prefix = file + ": " + location + ": ";
        assertTrue(m.startsWith(prefix), "expected '" + prefix + "...', got: " + m);
        for (String part : parts) {
            assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
        }
        assertEquals(-1, m.indexOf('\n'), m);
    }

    private static TensorFile sample() {
        return TensorFile.builder()
                .put("enc.w0", new int[] {2, 3}, new double[] {1.5, -2, 0.1, Double.MIN_VALUE, -0.0, 1e300})
                .put("rng.state", new int[] {4}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
                .put("scalar", new int[] {}, new double[] {Math.PI})
                .put("empty", new int[] {0, 5}, new double[0])
                .put("cube", new int[] {2, 1, 2}, new double[] {Double.NaN, Double.POSITIVE_INFINITY, 3, 4})
                .meta("epoch", "12")
                .meta("architecture", "{\"layers\": [784, 400, 20], \"note\": \"tab\\there\"}")
                .meta("unicode", "σ² ≥ 0 — \uD83D\uDE00\nsecond line")
                .build();
    }

    @Test
    void roundTripKeepsValuesBitForBitOrderAndMetadata() throws Exception {
        TensorFile original = sample();
        Path p = dir.resolve("model.safetensors");
        original.write(p);
        TensorFile back = TensorFile.read(p);
        assertEquals(List.copyOf(original.tensors().keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(original.tensors(), back.tensors());
        assertEquals(original.metadata(), back.metadata());
        double[] w = back.f64("enc.w0", 2, 3);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(w[4]));
        assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, back.i64("rng.state", 4));
        assertEquals(Math.PI, back.f64("scalar")[0]);
        assertEquals("12", back.requireMetadata("epoch"));
    }

    @Test
    void largeTensorsCrossTheIoChunks() throws Exception {
        Random rnd = new Random(11);
        double[] big = rnd.doubles(300_001).toArray();
        long[] longs = rnd.longs(200_003).toArray();
        Path p = dir.resolve("big.safetensors");
        TensorFile.builder().put("big", new int[] {300_001}, big).put("longs", new int[] {200_003}, longs)
                .build().write(p);
        TensorFile back = TensorFile.read(p);
        assertArrayEquals(big, back.f64("big", 300_001));
        assertArrayEquals(longs, back.i64("longs", 200_003));
    }

    /** The on-disk layout, checked byte by byte against the documented format. */
    @Test
    void layoutIsTheDocumentedOne() throws Exception {
        Path p = dir.resolve("layout.safetensors");
        TensorFile.builder().put("w", new int[] {2}, new double[] {1.5, -2})
                .put("n", new int[] {1}, new long[] {7}).meta("epoch", "3").build().write(p);
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, (8 + n) % 8, "data must start 8-aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"epoch\":\"3\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        assertEquals(json, header.stripTrailing());
        assertEquals(" ".repeat((int) n - json.length()), header.substring(json.length()), "padding is spaces");
        assertTrue(n - json.length() < 8);
        assertEquals(8 + n + 24, bytes.length);
        assertEquals(1.5, b.getDouble((int) (8 + n)));
        assertEquals(-2.0, b.getDouble((int) (8 + n + 8)));
        assertEquals(7L, b.getLong((int) (8 + n + 16)));
    }

    @Test
    void readsHeadersWrittenByOtherTools() throws Exception {
        // spaces after separators, tensors not in offset order, no padding, no metadata
        String header = "{\"b\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [8, 16]}, "
                + "\"a\": {\"shape\": [], \"data_offsets\": [0, 8], \"dtype\": \"F64\"}}";
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).putLong(-9);
        TensorFile f = TensorFile.read(raw(header, data.array()));
        assertEquals(2.5, f.f64("a")[0]);
        assertEquals(-9, f.i64("b", 1)[0]);
        assertEquals(Map.of(), f.metadata());
        assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()));
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        Path full = dir.resolve("full.safetensors");
        sample().write(full);
        byte[] bytes = Files.readAllBytes(full);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            final int len = length;
            DataFormatException e = assertThrows(DataFormatException.class, () -> TensorFile.read(cut),
                    "cut at " + len + " of " + bytes.length);
            String m = e.getMessage();
            String where = "cut at " + length + ": " + m;
            assertTrue(m.startsWith(cut + ": "), where);
            if (length < 8) {
                assertTrue(m.contains("byte 0: file is " + length + " bytes, too short"), where);
            } else if (length < 8 + n) {
                assertTrue(m.contains("byte 0: header length " + n + " goes past the end of the file"), where);
            } else {
                assertTrue(m.matches(".*: tensor '[a-z.0-9]+': data_offsets \\[\\d+, \\d+\\] go past the end "
                        + "of the data region \\(\\d+ bytes; truncated\\?\\)"), where);
            }
        }
    }

    @Test
    void extraBytesAfterTheDataAreRefused() throws Exception {
        Path p = raw("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", doublesLE(1, 2));
        int n = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}".length();
        assertMessage(fails(p), p, "byte " + (8 + n + 8), "8 bytes after the end of the last tensor's data");
    }

    @Test
    void headerLengthOutOfRange() throws Exception {
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).array());
        assertMessage(fails(huge), huge, "byte 0", "header length 18446744073709551614 is over the");
        Path past = dir.resolve("past");
        Files.write(past, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertMessage(fails(past), past, "byte 0", "header length 1000 goes past the end of the file (16 bytes");
    }

    @Test
    void malformedJsonNamesTheByteOffset() throws Exception {
        Path colon = raw("{\"a\" {}}", new byte[0]);
        assertMessage(fails(colon), colon, "byte 13", "malformed header JSON: expected ':' after a member name, found '{'");
        // 'é' is two bytes in UTF-8: the offset counts bytes, not characters
        Path unicode = raw("{\"é\":{}, x}", new byte[0]);
        assertMessage(fails(unicode), unicode, "byte 18", "expected a member name in double quotes, found 'x'");
        Path trailing = raw("{} x", new byte[0]);
        assertMessage(fails(trailing), trailing, "byte 11", "expected the end of the JSON text");
        Path open = raw("{\"a\":{\"dtype\":\"F64\"", new byte[0]);
        assertMessage(fails(open), open, "byte 27", "found the end of the header");
        Path notObject = raw("[1, 2]", new byte[0]);
        assertMessage(fails(notObject), notObject, "byte 8", "header does not start with '{'");
        Path notUtf8 = raw(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}, new byte[0]);
        assertMessage(fails(notUtf8), notUtf8, "byte 10", "not UTF-8");
        Path duplicate = raw("{\"a\":1,\"a\":2}", new byte[0]);
        assertMessage(fails(duplicate), duplicate, "byte 15", "duplicate member name 'a'");
        Path deep = raw("{\"a\":" + "[".repeat(10_000), new byte[0]);
        assertMessage(fails(deep), deep, "byte " + (8 + 5 + 64), "nesting deeper than 64 levels");
    }

    @Test
    void badTensorEntriesNameTheTensor() throws Exception {
        byte[] eight = new byte[8];
        String[][] cases = {
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype 'F32' is not supported"},
            {"{\"w\":{\"dtype\":\"Q9\",\"shape\":[1],\"data_offsets\":[0,8]}}", "dtype 'Q9' is not supported"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                "data_offsets [0, 8] cover 8 bytes, but F64 [3] needs 24"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,800]}}",
                "cover 800 bytes, but F64 [1] needs 8"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[100],\"data_offsets\":[0,800]}}",
                "data_offsets [0, 800] go past the end of the data region (8 bytes; truncated?)"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,0]}}", "end before they begin"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,8]}}",
                "shape must be an array of non-negative integers, found the number -1 at index 0"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1.0],\"data_offsets\":[0,8]}}", "found the number 1.0"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":1,\"data_offsets\":[0,8]}}", "found the number 1"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}",
                "data_offsets must be an array of 2 non-negative integers, found an array of 1"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1]}}", "no data_offsets"},
            {"{\"w\":{\"shape\":[1],\"data_offsets\":[0,8]}}", "no dtype"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"extra\":1}}",
                "unexpected field 'extra'"},
            {"{\"w\":[1]}", "expected an object with dtype, shape and data_offsets, found an array"},
            {"{\"w\":{\"dtype\":\"F64\",\"shape\":[99999999999],\"data_offsets\":[0,8]}}",
                "too large for a Java array"},
        };
        for (String[] c : cases) {
            Path p = raw(c[0], eight);
            assertMessage(fails(p), p, "tensor 'w'", c[1]);
        }
    }

    @Test
    void overlapsAndGapsAreRefused() throws Exception {
        Path overlap = raw("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", new byte[24]);
        assertMessage(fails(overlap), overlap, "tensor 'b'", "data_offsets [8, 24] overlap tensor 'a' [0, 16]");
        Path gap = raw("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}", new byte[24]);
        assertMessage(fails(gap), gap, "tensor 'b'", "leave bytes [8, 16) of the data region unused");
        Path late = raw("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", new byte[16]);
        assertMessage(fails(late), late, "tensor 'a'", "leave bytes [0, 8)");
    }

    @Test
    void metadataMustBeStrings() throws Exception {
        Path number = raw("{\"__metadata__\":{\"epoch\":3}}", new byte[0]);
        assertMessage(fails(number), number, "header field __metadata__.epoch", "expected a string, found the number 3");
        Path array = raw("{\"__metadata__\":[]}", new byte[0]);
        assertMessage(fails(array), array, "header field __metadata__", "found an array");
    }

    @Test
    void checkpointAccessorsExplainMismatches() throws Exception {
        Path p = dir.resolve("ckpt.safetensors");
        sample().write(p);
        TensorFile f = TensorFile.read(p);
        assertMessage(assertThrows(DataFormatException.class, () -> f.f64("dec.w0", 20, 400)), p,
                "tensor 'dec.w0'", "missing", "enc.w0");
        assertMessage(assertThrows(DataFormatException.class, () -> f.f64("enc.w0", 3, 2)), p,
                "tensor 'enc.w0'", "shape [2, 3], expected [3, 2]");
        assertMessage(assertThrows(DataFormatException.class, () -> f.i64("enc.w0", 2, 3)), p,
                "tensor 'enc.w0'", "dtype F64, expected I64");
        assertMessage(assertThrows(DataFormatException.class, () -> f.requireMetadata("optimizer")), p,
                "metadata 'optimizer'", "missing");
    }

    @Test
    void emptyFileAndNoTensors() throws Exception {
        Path p = dir.resolve("none.safetensors");
        TensorFile.of(Map.of(), Map.of()).write(p);
        TensorFile back = TensorFile.read(p);
        assertTrue(back.tensors().isEmpty());
        Path missing = dir.resolve("missing.safetensors");
        assertEquals(missing + ": no such file", fails(missing).getMessage());
    }

    @Test
    void writerRefusesWhatTheFormatCannotHold() {
        assertThrows(IllegalArgumentException.class,
                () -> TensorFile.builder().put("__metadata__", new int[] {1}, new double[1]).build());
        assertThrows(IllegalArgumentException.class, () -> TensorFile.builder().put("", new int[] {1}, new double[1]).build());
        assertThrows(IllegalArgumentException.class, () -> TensorFile.builder().put("w", new int[] {2}, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> TensorFile.builder().put("w", new int[] {1}, new double[1]).put("w", new int[] {1}, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> TensorFile.builder().meta("k", "\uD800").build());
    }
}
