package dev.elbo.models.data;

import dev.elbo.core.io.Alphabet;
import dev.elbo.core.io.Csv;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.core.io.ExampleMatrix;
import dev.elbo.core.io.Idx;
import dev.elbo.core.io.ImageSet;
import dev.elbo.core.io.PngImages;
import dev.elbo.core.io.SequenceSet;
import dev.elbo.core.io.Sequences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Data sets from files, through the readers of {@code dev.elbo.core.io}, named by a short spec
 * (what the command line's {@code --data} takes):
 * <pre>
 * mnist:DIR              the four MNIST IDX files in DIR, raw or .gz, by their standard names
 *                        (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
 *                        t10k-labels-idx1-ubyte; "train-images.idx3-ubyte" spellings too);
 *                        the t10k pair, when present, becomes the test set
 * idx:IMAGES[,LABELS]    one IDX image file, optionally with its label file
 * csv:PATH               a numeric CSV matrix (header and label column per {@link Options})
 * images:DIR             every *.png of a folder, as grey levels (see {@link PngImages})
 * fasta:PATH             aligned sequences (FASTA or one per line), one-hot over {@link Options#alphabet()}
 * DIR                    a folder holding the MNIST files, as mnist:DIR
 * </pre>
 * Every value is checked finite ({@link DataSet#requireFinite}); every problem with a file is a
 * {@link DataFormatException} naming it.
 */
public final class DataLoaders {
    private DataLoaders() {}

    /**
     * Reading options for the formats that have any.
     *
     * @param csvHeader      whether a CSV file starts with a header row
     * @param labelColumn    the CSV label column, as a 0-based index ("0") or a header name; null for none
     * @param alphabet       the alphabet of sequences
     * @param unknownSymbols what to do with sequence characters outside the alphabet
     */
    public record Options(Csv.HeaderMode csvHeader, String labelColumn, Alphabet alphabet,
                          Sequences.UnknownSymbols unknownSymbols) {
        public Options {
            Objects.requireNonNull(csvHeader, "csvHeader");
            Objects.requireNonNull(alphabet, "alphabet");
            Objects.requireNonNull(unknownSymbols, "unknownSymbols");
        }

        /** CSV header detected, no label column; protein alphabet with gap, unknown symbols refused. */
        public static Options defaults() {
            return new Options(Csv.HeaderMode.AUTO, null, Alphabet.PROTEIN, Sequences.UnknownSymbols.REJECT);
        }

        public Options withLabelColumn(String column) {
            return new Options(csvHeader, column, alphabet, unknownSymbols);
        }

        public Options withCsvHeader(Csv.HeaderMode mode) {
            return new Options(mode, labelColumn, alphabet, unknownSymbols);
        }

        public Options withAlphabet(Alphabet a, Sequences.UnknownSymbols unknown) {
            return new Options(csvHeader, labelColumn, a, unknown);
        }
    }

    /**
     * What a spec loaded: the data, and a test set when the source comes with one (MNIST's
     * t10k files), else null.
     */
    public record Loaded(DataSet data, DataSet test) {
        public Loaded {
            Objects.requireNonNull(data, "data");
        }
    }

    /** The spec forms, for messages. */
    public static final String SPEC_FORMS = "mnist:DIR, idx:IMAGES[,LABELS], csv:PATH, images:DIR, fasta:PATH";

    private static final List<String> KINDS = List.of("mnist", "idx", "csv", "images", "fasta");

    /**
     * Loads the data a spec names (see the class comment).
     *
     * @throws IllegalArgumentException when the spec itself is malformed
     */
    public static Loaded load(String spec, Options options) throws IOException, DataFormatException {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        String kind = colon > 0 ? spec.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!KINDS.contains(kind)) {
            Path path = Path.of(spec);
            if (Files.isDirectory(path)) {
                return mnist(path);
            }
            throw new IllegalArgumentException("data spec '" + spec + "': expected one of " + SPEC_FORMS
                    + (colon > 0 ? " (unknown kind '" + spec.substring(0, colon) + "')" : ""));
        }
        String rest = spec.substring(colon + 1);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("data spec '" + spec + "': no path after '" + kind + ":'");
        }
        switch (kind) {
            case "mnist":
                return mnist(Path.of(rest));
            case "idx": {
                int comma = rest.indexOf(',');
                Path images = Path.of(comma < 0 ? rest : rest.substring(0, comma));
                Path labels = comma < 0 ? null : Path.of(rest.substring(comma + 1));
                return new Loaded(idx(images, labels), null);
            }
            case "csv":
                return new Loaded(csv(Path.of(rest), options), null);
            case "images":
                return new Loaded(images(Path.of(rest)), null);
            default:
                return new Loaded(sequences(Path.of(rest), options.alphabet(), options.unknownSymbols()), null);
        }
    }

    /**
     * The MNIST files of a folder: the training pair (required) as the data, the t10k pair as
     * the test set when both files are there.
     */
    public static Loaded mnist(Path dir) throws IOException, DataFormatException {
        if (!Files.isDirectory(dir)) {
            throw DataFormatException.of(dir, Files.exists(dir) ? "is a file, expected the folder of the MNIST files"
                    : "no such folder");
        }
        Path trainImages = find(dir, "train-images", "idx3-ubyte");
        Path trainLabels = find(dir, "train-labels", "idx1-ubyte");
        if (trainImages == null || trainLabels == null) {
            throw DataFormatException.of(dir, "no " + (trainImages == null ? "train-images-idx3-ubyte"
                    : "train-labels-idx1-ubyte") + "[.gz] here (an MNIST folder holds train-images-idx3-ubyte, "
                    + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, raw or .gz)");
        }
        DataSet train = fromImages("mnist/train", Idx.readImages(trainImages, trainLabels), trainImages);
        Path testImages = find(dir, "t10k-images", "idx3-ubyte");
        Path testLabels = find(dir, "t10k-labels", "idx1-ubyte");
        DataSet test = testImages != null && testLabels != null
                ? fromImages("mnist/test", Idx.readImages(testImages, testLabels), testImages) : null;
        if (test != null && test.dimension() != train.dimension()) {
            throw DataFormatException.of(testImages, "images of " + test.imageHeight() + "×" + test.imageWidth()
                    + ", but the training images are " + train.imageHeight() + "×" + train.imageWidth());
        }
        return new Loaded(train, test);
    }

    /** The first of the standard spellings present: stem-kind, stem.kind, each raw or .gz. */
    private static Path find(Path dir, String stem, String kind) {
        for (String name : new String[] {stem + "-" + kind, stem + "." + kind}) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path p = dir.resolve(name + suffix);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** One IDX image file, with its labels when {@code labels} is not null. */
    public static DataSet idx(Path images, Path labels) throws IOException, DataFormatException {
        ImageSet set = labels == null ? Idx.readImages(images) : Idx.readImages(images, labels);
        return fromImages(baseName(images), set, images);
    }

    /** A numeric CSV matrix. */
    public static DataSet csv(Path file, Options options) throws IOException, DataFormatException {
        Csv.Options csv = Csv.Options.defaults().withHeader(options.csvHeader());
        String column = options.labelColumn();
        if (column != null) {
            csv = column.chars().allMatch(Character::isDigit) && !column.isEmpty()
                    ? csv.withLabelColumn(Integer.parseInt(column)) : csv.withLabelColumn(column);
        }
        ExampleMatrix m = Csv.read(file, csv);
        DataSet data = new DataSet(baseName(file), m.rows(), m.cols(), m.data(), m.labels(), 0, 0, null);
        data.requireFinite(file);
        return data;
    }

    /** Every PNG image of a folder. */
    public static DataSet images(Path dir) throws IOException, DataFormatException {
        return fromImages(baseName(dir), PngImages.readFolder(dir), dir);
    }

    /** Aligned sequences, one-hot: one group of {@code alphabet.size()} columns per position. */
    public static DataSet sequences(Path file, Alphabet alphabet, Sequences.UnknownSymbols unknown)
            throws IOException, DataFormatException {
        SequenceSet set = Sequences.read(file, alphabet, unknown);
        ExampleMatrix m = set.oneHot();
        return new DataSet(baseName(file), m.rows(), m.cols(), m.data(), null, 0, 0, alphabet);
    }

    private static DataSet fromImages(String name, ImageSet set, Path source) throws DataFormatException {
        ExampleMatrix m = set.pixels();
        DataSet data = new DataSet(name, m.rows(), m.cols(), m.data(), m.labels(), set.height(), set.width(), null);
        data.requireFinite(source);
        return data;
    }

    private static String baseName(Path p) {
        Path name = p.getFileName();
        return name == null ? p.toString() : name.toString();
    }
}
