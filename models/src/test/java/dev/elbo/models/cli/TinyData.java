package dev.elbo.models.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small stand-in for MNIST: two IDX files of random bytes with their SHA-256 computed here
 * (independently of the code under test), served raw, as .gz, as an npm-like tarball or over HTTP.
 */
final class TinyData {
    static final String IMAGES = "tiny-images-idx3-ubyte";
    static final String LABELS = "tiny-labels-idx1-ubyte";

    final Path raw;
    final DatasetSpec spec;

    private TinyData(Path raw, DatasetSpec spec) {
        this.raw = raw;
        this.spec = spec;
    }

    /** Writes the raw files into {@code dir/raw}; {@code mirror} is the spec's default mirror. */
    static TinyData create(Path dir, String mirror, long seed) throws IOException {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Random rnd = new Random(seed);
        byte[] images = idx(0x00000803, new int[] {6, 4, 5}, rnd);
        byte[] labels = idx(0x00000801, new int[] {6}, rnd);
        Files.write(raw.resolve(IMAGES), images);
        Files.write(raw.resolve(LABELS), labels);
        DatasetSpec spec = new DatasetSpec("tiny", "TINY", "tiny-data@1.0.0", "package/data/", mirror, List.of(
                new DatasetSpec.FileSpec(IMAGES, images.length, sha256(images)),
                new DatasetSpec.FileSpec(LABELS, labels.length, sha256(labels))));
        return new TinyData(raw, spec);
    }

    /** The content of one raw file. */
    byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(raw.resolve(name));
    }

    /** Writes {@code name.gz} into {@code dir}; returns it. */
    Path gzip(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path gz = dir.resolve(name + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(bytes(name));
        }
        return gz;
    }

    /** The gzip of a file's content, in memory. */
    byte[] gzipped(String name) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(bytes(name));
        }
        return b.toByteArray();
    }

    private static byte[] idx(int magic, int[] dims, Random rnd) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        byte[] b = new byte[4 + 4 * dims.length + n];
        putInt(b, 0, magic);
        for (int i = 0; i < dims.length; i++) {
            putInt(b, 4 + 4 * i, dims[i]);
        }
        for (int i = 4 + 4 * dims.length; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
