package dev.elbo.models.cli;

import com.google.gson.JsonObject;
import dev.elbo.core.io.Csv;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.DataLoaders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --data} names, with the reading options that go with it, as stored in a run's
 * {@code config.json} so that {@code eval}, {@code encode} … read the same data the same way.
 *
 * <p>Forms: a known data set by name ({@code mnist}: its folder in the cache, see
 * {@link DataCache}), or a spec of {@link DataLoaders} ({@code idx:IMAGES[,LABELS]},
 * {@code csv:PATH}, {@code images:DIR}, {@code fasta:PATH}, {@code mnist:DIR}). Relative paths are
 * made absolute when the run is created, so the run folder can be used from anywhere.
 *
 * @param spec        as typed, paths made absolute
 * @param csvHeader   CSV only: whether the first line holds column names
 * @param labelColumn CSV only: the label column (0-based index or header name), or null
 */
record DataSource(String spec, Csv.HeaderMode csvHeader, String labelColumn) {

    /** Where {@code --data} is explained, for messages. */
    static final String FORMS = "mnist, idx:IMAGES[,LABELS], csv:PATH, images:DIR, fasta:PATH";

    private static final java.util.List<String> KINDS = java.util.List.of("mnist", "idx", "csv", "images", "fasta");

    /**
     * The source as given on the command line: a known data set name stays a name, a path after
     * {@code kind:} becomes absolute.
     */
    static DataSource of(String spec, Csv.HeaderMode csvHeader, String labelColumn) {
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon > 1) { // "C:" on Windows is a drive, not a kind
            String kind = s.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = s.substring(colon + 1);
            if (!KINDS.contains(kind)) {
                throw new UsageException("--data " + spec + ": unknown kind '" + s.substring(0, colon)
                        + "'; expected " + FORMS);
            }
            if (rest.isEmpty()) {
                throw new UsageException("--data " + spec + ": no path after '" + kind + ":'; expected " + FORMS);
            }
            if (kind.equals("idx")) {
                int comma = rest.indexOf(',');
                rest = comma < 0 ? absolute(rest)
                        : absolute(rest.substring(0, comma)) + "," + absolute(rest.substring(comma + 1));
            } else if (!rest.isEmpty()) {
                rest = absolute(rest);
            }
            s = kind + ":" + rest;
        } else if (colon < 0 && Datasets.ALL.stream().noneMatch(d -> d.name().equalsIgnoreCase(spec.strip()))
                && java.nio.file.Files.isDirectory(Path.of(s))) {
            s = absolute(s); // a folder of MNIST files (a known name means the cache, as in load)
        }
        return new DataSource(s, csvHeader, labelColumn);
    }

    private static String absolute(String path) {
        return path.isEmpty() ? path : Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** The file or folder named, for messages: the cache folder's name for a known data set. */
    String location() {
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(colon + 1);
    }

    /** A short name for messages and picture titles: {@code mnist}, {@code cells.csv}. */
    String displayName() {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return spec;
        }
        String rest = spec.substring(colon + 1);
        int comma = rest.indexOf(',');
        Path p = Path.of(comma < 0 ? rest : rest.substring(0, comma));
        return p.getFileName() == null ? rest : p.getFileName().toString();
    }

    /**
     * Reads the data.
     *
     * @param cacheOption {@code --cache}, or null for the default cache
     * @throws UserException       when a known data set is not in the cache
     * @throws UsageException      when the spec itself is malformed
     * @throws DataFormatException when a file holds something else than it should
     */
    DataLoaders.Loaded load(CliContext context, Path cacheOption) throws IOException, DataFormatException {
        DataLoaders.Options options = DataLoaders.Options.defaults().withCsvHeader(csvHeader)
                .withLabelColumn(labelColumn);
        DatasetSpec known = spec.indexOf(':') < 0 ? context.dataset(spec) : null;
        String loaderSpec = spec;
        if (known != null) {
            Path folder = DataCache.folder(DataCache.root(cacheOption, context), known);
            for (DatasetSpec.FileSpec f : known.files()) {
                VerifiedFiles.Status s = VerifiedFiles.check(folder.resolve(f.name()), f, false);
                if (s != VerifiedFiles.Status.VALID) {
                    throw new UserException(known.title() + " is not in the cache (" + folder.resolve(f.name())
                            + (s == VerifiedFiles.Status.MISSING ? " is missing" : " has the wrong size")
                            + "); run 'elbo data fetch " + known.name() + "' first");
                }
            }
            loaderSpec = "mnist:" + folder;
        }
        if (known == null && spec.indexOf(':') < 0 && !java.nio.file.Files.isDirectory(Path.of(spec))) {
            throw new UsageException("--data " + spec + ": neither a known data set ("
                    + String.join(", ", context.datasets().stream().map(DatasetSpec::name).toList())
                    + ") nor a folder of MNIST files; expected " + FORMS);
        }
        try {
            return DataLoaders.load(loaderSpec, options);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--data " + spec + ": " + Main.oneLine(e.getMessage())
                    .replaceFirst("^data spec '[^']*': ", ""));
        }
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("spec", spec);
        o.addProperty("csvHeader", csvHeader.name().toLowerCase(Locale.ROOT));
        if (labelColumn != null) {
            o.addProperty("labelColumn", labelColumn);
        }
        return o;
    }

    static DataSource fromJson(JsonObject o) {
        String header = o.has("csvHeader") ? o.get("csvHeader").getAsString() : "auto";
        return new DataSource(o.get("spec").getAsString(), Csv.HeaderMode.valueOf(header.toUpperCase(Locale.ROOT)),
                o.has("labelColumn") && !o.get("labelColumn").isJsonNull() ? o.get("labelColumn").getAsString() : null);
    }
}
