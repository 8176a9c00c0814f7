package dev.elbo.models.cli;

import dev.elbo.core.io.DataFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Imports files the user already has ({@code --from}): folders are searched for each file
 * under its usual names, raw or {@code .gz} ({@code train-images-idx3-ubyte},
 * {@code train-images-idx3-ubyte.gz}, and the dotted spelling {@code train-images.idx3-ubyte}
 * some copies use); files given one by one must carry one of those names. Compression is told
 * by the gzip magic bytes, not by the name. Each file is verified like a download.
 */
final class LocalImport implements Fetcher.Source {
    private final DatasetSpec dataset;
    private final List<Path> from;
    private final Consumer<String> status;

    LocalImport(DatasetSpec dataset, List<Path> from, Consumer<String> status) {
        this.dataset = dataset;
        this.from = List.copyOf(from);
        this.status = status;
    }

    @Override
    public String describe() {
        return from.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String tag() {
        return "local";
    }

    @Override
    public void install(List<DatasetSpec.FileSpec> wanted, Path folder) throws IOException, DataFormatException {
        Map<String, Path> found = locate();
        List<String> missing = new ArrayList<>();
        for (DatasetSpec.FileSpec f : wanted) {
            if (!found.containsKey(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new UserException("cannot find " + String.join(", ", missing) + " (raw or .gz) in "
                    + describe());
        }
        for (DatasetSpec.FileSpec f : wanted) {
            Path file = found.get(f.name());
            status.accept("importing " + file);
            importOne(file, f, folder.resolve(f.name()));
        }
    }

    /** Cache name → the user's file, for every file of the data set that can be found. */
    private Map<String, Path> locate() throws DataFormatException {
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path p : from) {
            if (Files.isDirectory(p)) {
                for (DatasetSpec.FileSpec f : dataset.files()) {
                    for (String candidate : spellings(f.name())) {
                        Path file = p.resolve(candidate);
                        if (Files.isRegularFile(file) && !found.containsKey(f.name())) {
                            found.put(f.name(), file);
                        }
                    }
                }
            } else if (Files.isRegularFile(p)) {
                String name = cacheName(p.getFileName().toString());
                if (name == null) {
                    throw DataFormatException.of(p, "not one of the " + dataset.title() + " files (expected "
                            + dataset.files().stream().map(DatasetSpec.FileSpec::name)
                                    .collect(Collectors.joining(", ")) + ", raw or .gz)");
                }
                found.put(name, p);
            } else {
                throw DataFormatException.of(p, "no such file or folder");
            }
        }
        return found;
    }

    /** The cache name a user's file name stands for, or null. */
    private String cacheName(String fileName) {
        for (DatasetSpec.FileSpec f : dataset.files()) {
            for (String candidate : spellings(f.name())) {
                if (candidate.equals(fileName)) {
                    return f.name();
                }
            }
        }
        return null;
    }

    private static List<String> spellings(String name) {
        String dotted = name.replaceFirst("-(idx\\d-ubyte)$", ".$1");
        List<String> names = new ArrayList<>(List.of(name, name + ".gz"));
        if (!dotted.equals(name)) {
            names.add(dotted);
            names.add(dotted + ".gz");
        }
        return names;
    }

    private static void importOne(Path file, DatasetSpec.FileSpec spec, Path target)
            throws IOException, DataFormatException {
        boolean gzip = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                VerifiedFiles.install(in, spec, target);
            }
        } catch (VerifiedFiles.Mismatch m) {
            String where = m.location.isEmpty() ? "" : (gzip ? "decompressed " : "") + m.location;
            throw new DataFormatException(file, where, m.reason);
        } catch (ZipException | EOFException e) {
            throw DataFormatException.of(file, "gzip data is damaged or truncated (" + e.getMessage() + ")");
        }
    }
}
