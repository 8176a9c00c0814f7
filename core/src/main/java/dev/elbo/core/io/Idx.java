package dev.elbo.core.io;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of the MNIST files: unsigned-byte images and labels, raw or gzip-compressed.
 *
 * <p>Layout (all integers big-endian): a 4-byte magic number {@code 0x00 0x00 TYPE DIMS}, where
 * TYPE {@code 0x08} means unsigned bytes and DIMS is the number of dimensions; then DIMS sizes
 * of 4 bytes each; then the values, last dimension fastest. Images are {@code 0x00000803}
 * ({@code n × rows × cols}), labels {@code 0x00000801} ({@code n}).
 *
 * <p>Compression is recognized by the gzip magic bytes {@code 1f 8b}, not by the file name.
 * Everything declared is checked against what is present: a file that ends early is reported
 * with the byte offset where it ends; bytes after the declared data are an error too (for a
 * gzip file, offsets count decompressed bytes and the message says {@code decompressed byte N}).
 */
public final class Idx {
    private Idx() {}

    /** Magic number of an IDX file of unsigned-byte images ({@code n × rows × cols}). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels ({@code n}). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;

    /** Byte value → pixel intensity in [0, 1]; a table keeps the conversion loop trivial. */
    private static final double[] INTENSITY = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            INTENSITY[i] = i / 255.0;
        }
    }

    /**
     * Reads an image file: {@code n} images of {@code rows × cols} pixels become an
     * {@link ImageSet} of {@code n} rows of {@code rows·cols} intensities {@code byte / 255}.
     */
    public static ImageSet readImages(Path file) throws IOException, DataFormatException {
        try (Source in = Source.open(file)) {
            int[] dims = in.readHeader(IMAGES_MAGIC, 3, "images × rows × columns");
            long total = (long) dims[0] * dims[1] * dims[2];
            if (total > MAX_ARRAY) {
                throw DataFormatException.atByte(file, 4, "declares " + dims[0] + "×" + dims[1] + "×"
                        + dims[2] + " = " + total + " pixels, more than one Java array can hold");
            }
            byte[] bytes = in.readPayload((int) total, "pixel bytes", "image");
            double[] pixels = new double[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = INTENSITY[bytes[i] & 0xFF];
            }
            return new ImageSet(ExampleMatrix.of(dims[0], dims[1] * dims[2], pixels), dims[1], dims[2]);
        }
    }

    /** Reads a label file: one value 0–255 per example. */
    public static int[] readLabels(Path file) throws IOException, DataFormatException {
        try (Source in = Source.open(file)) {
            int[] dims = in.readHeader(LABELS_MAGIC, 1, "labels");
            byte[] bytes = in.readPayload(dims[0], "label bytes", "label");
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    /**
     * Reads an image file and its label file; the label count must equal the image count.
     * The labels end up in {@code result.pixels().labels()}.
     */
    public static ImageSet readImages(Path images, Path labels) throws IOException, DataFormatException {
        ImageSet set = readImages(images);
        int[] ys = readLabels(labels);
        if (ys.length != set.count()) {
            throw DataFormatException.atByte(labels, 4, ys.length + " labels, but " + images + " holds "
                    + set.count() + " images");
        }
        return new ImageSet(set.pixels().withLabels(ys), set.height(), set.width());
    }

    /**
     * Writes images as IDX (atomically). Intensities must lie in [0, 1]; each is stored as the
     * nearest of the 256 levels {@code k / 255}.
     */
    public static void writeImages(Path file, ImageSet images, boolean gzip) throws IOException {
        double[] values = images.pixels().data();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("Idx.writeImages: pixel " + i + " is " + v
                        + ", outside [0, 1]");
            }
            bytes[i] = (byte) Math.round(v * 255);
        }
        int[] dims = {images.count(), images.height(), images.width()};
        write(file, IMAGES_MAGIC, dims, bytes, gzip);
    }

    /** Writes labels (each 0–255) as IDX (atomically). */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("Idx.writeLabels: label " + i + " is " + labels[i]
                        + ", outside 0..255");
            }
            bytes[i] = (byte) labels[i];
        }
        write(file, LABELS_MAGIC, new int[] {labels.length}, bytes, gzip);
    }

    private static void write(Path file, int magic, int[] dims, byte[] payload, boolean gzip)
            throws IOException {
        AtomicFiles.write(file, raw -> {
            OutputStream sink = gzip ? new GZIPOutputStream(raw, CHUNK) : raw;
            DataOutputStream out = new DataOutputStream(sink);
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
            out.close(); // finishes the gzip trailer
        });
    }

    /** An open IDX file, raw or decompressed, that counts the bytes it has delivered. */
    private static final class Source implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        private final boolean gzip;
        private long offset;

        private Source(Path file, InputStream in, boolean gzip) {
            this.file = file;
            this.in = in;
            this.gzip = gzip;
        }

        static Source open(Path file) throws IOException, DataFormatException {
            BufferedInputStream buffered = new BufferedInputStream(Readers.open(file), CHUNK);
            try {
                buffered.mark(2);
                boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
                buffered.reset();
                if (!gzip) {
                    return new Source(file, buffered, false);
                }
                try {
                    return new Source(file, new GZIPInputStream(buffered, CHUNK), true);
                } catch (ZipException | EOFException e) {
                    throw DataFormatException.atByte(file, 0, "gzip header is damaged (" + e.getMessage() + ")");
                }
            } catch (IOException | DataFormatException | RuntimeException e) {
                buffered.close();
                throw e;
            }
        }

        /**
         * Reads and checks the magic number and the sizes; returns the sizes, each positive.
         */
        int[] readHeader(int expectedMagic, int expectedDims, String dimsMeaning)
                throws IOException, DataFormatException {
            byte[] magic = new byte[4];
            int got = read(magic, 0, 4);
            if (got < 4) {
                throw ends("file ends after " + got + " of the 4 magic-number bytes");
            }
            int found = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8)
                    | (magic[3] & 0xFF);
            String expected = hex(expectedMagic) + " (IDX "
                    + (expectedMagic == IMAGES_MAGIC ? "unsigned-byte images" : "unsigned-byte labels") + ")";
            if (magic[0] != 0 || magic[1] != 0) {
                throw error(0, "not an IDX file: magic number " + hex(found)
                        + ", expected " + expected);
            }
            if ((magic[2] & 0xFF) != UNSIGNED_BYTE) {
                throw error(2, "element type code 0x"
                        + String.format("%02X", magic[2] & 0xFF) + " (" + typeName(magic[2] & 0xFF)
                        + "), expected 0x08 (unsigned byte)");
            }
            if (found != expectedMagic) {
                String hint = found == IMAGES_MAGIC ? " (this is an image file)"
                        : found == LABELS_MAGIC ? " (this is a label file)" : "";
                throw error(3, (magic[3] & 0xFF) + " dimensions" + hint
                        + ", expected " + expectedDims + " (" + dimsMeaning + "); magic number "
                        + hex(found) + ", expected " + expected);
            }
            byte[] sizes = new byte[4 * expectedDims];
            got = read(sizes, 0, sizes.length);
            if (got < sizes.length) {
                throw ends("file ends after " + got + " of the " + sizes.length + " bytes of the sizes");
            }
            int[] dims = new int[expectedDims];
            for (int d = 0; d < expectedDims; d++) {
                int i = 4 * d;
                long size = ((long) (sizes[i] & 0xFF) << 24) | ((sizes[i + 1] & 0xFF) << 16)
                        | ((sizes[i + 2] & 0xFF) << 8) | (sizes[i + 3] & 0xFF);
                if (size == 0 || size > MAX_ARRAY) {
                    throw error(4 + i, "size " + (d + 1) + " of "
                            + expectedDims + " (" + dimsMeaning + ") is " + size
                            + (size == 0 ? ", expected at least 1" : ", too large"));
                }
                dims[d] = (int) size;
            }
            return dims;
        }

        /**
         * Reads exactly {@code length} bytes and then checks the file ends. Memory grows with
         * the bytes actually present, so a damaged size field cannot make us allocate gigabytes
         * for a small file.
         */
        byte[] readPayload(int length, String what, String item) throws IOException, DataFormatException {
            long start = offset;
            byte[] buf = new byte[Math.min(length, 1 << 20)];
            int filled = 0;
            while (filled < length) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
                }
                int got = read(buf, filled, buf.length - filled);
                filled += got;
                if (got == 0) {
                    throw ends("file ends after " + (offset - start) + " of " + length + " " + what
                            + " (truncated?)");
                }
            }
            int extra = read(new byte[1], 0, 1);
            if (extra > 0) {
                throw error(offset - 1, "unexpected data after the last " + item
                        + " (the header declares " + length + " " + what + ")");
            }
            return buf;
        }

        /** Reads up to {@code len} bytes, fewer only at the end of the data; counts them. */
        private int read(byte[] b, int off, int len) throws IOException, DataFormatException {
            int total = 0;
            try {
                while (total < len) {
                    int n = in.read(b, off + total, len - total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    offset += n;
                }
            } catch (EOFException e) {
                throw ends("compressed data ends early (truncated?)");
            } catch (ZipException e) {
                throw error(offset, "gzip data is damaged (" + e.getMessage() + ")");
            }
            return total;
        }

        private DataFormatException ends(String reason) {
            return error(offset, reason);
        }

        /** For gzip files the offset counts decompressed bytes, and the location says so. */
        private DataFormatException error(long at, String reason) {
            return new DataFormatException(file, (gzip ? "decompressed byte " : "byte ") + at, reason);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }

    private static String typeName(int code) {
        switch (code) {
            case 0x09: return "signed byte";
            case 0x0B: return "short";
            case 0x0C: return "int";
            case 0x0D: return "float";
            case 0x0E: return "double";
            default: return "unknown type";
        }
    }
}
