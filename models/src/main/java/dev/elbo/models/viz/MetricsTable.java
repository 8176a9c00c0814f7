package dev.elbo.models.viz;

import dev.elbo.core.io.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code metrics.csv} a training run writes, read by column name: a header line of names,
 * then one line of numbers per epoch, separated by commas. Columns may come in any order and any
 * may be missing; an empty cell, {@code nan} or {@code NaN} reads as NaN (e.g. no validation).
 *
 * <p>Names are compared ignoring case and everything but letters and digits, so
 * {@code train_bound}, {@code trainBound} and {@code Train Bound} are one column. The plots read:
 * <ul>
 *   <li>{@code epoch} (x axis; else {@code step}; else the line number);</li>
 *   <li>the bound: {@code train_bound} or {@code train_elbo}; {@code valid_bound},
 *       {@code valid_elbo}, {@code validation_bound}, {@code val_bound} …;</li>
 *   <li>the reconstruction term: {@code train_rec}, {@code train_reconstruction}, and the
 *       {@code valid_} / {@code validation_} / {@code val_} forms;</li>
 *   <li>the KL term: {@code train_kl}, {@code valid_kl} (and the other prefixes);</li>
 *   <li>KL per latent dimension: {@code kl_dim_0}, {@code kl_dim_1} … (0-based, as written by
 *       the trainer), the last line's values being the final epoch's.</li>
 * </ul>
 */
public final class MetricsTable {
    private static final Pattern KL_DIM = Pattern.compile("kldim(\\d+)");

    private final Path file;
    private final List<String> names;
    private final Map<String, double[]> byKey;
    private final int rows;

    private MetricsTable(Path file, List<String> names, Map<String, double[]> byKey, int rows) {
        this.file = file;
        this.names = names;
        this.byKey = byKey;
        this.rows = rows;
    }

    /** Reads a metrics file; bad content is reported with its line and column. */
    public static MetricsTable read(Path file) throws IOException, DataFormatException {
        List<String> lines;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw DataFormatException.of(file, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw DataFormatException.of(file, "not UTF-8 text");
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw DataFormatException.of(file, "empty, expected a header line of column names");
        }
        String[] header = split(lines.get(first).replace("\uFEFF", ""));
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            String key = key(header[c]);
            if (key.isEmpty()) {
                throw DataFormatException.atCell(file, first + 1, c + 1, "empty column name in the header");
            }
            if (index.putIfAbsent(key, c) != null) {
                throw DataFormatException.atCell(file, first + 1, c + 1, "column '" + header[c].strip()
                        + "' appears twice");
            }
            names.add(header[c].strip());
        }
        List<double[]> data = new ArrayList<>();
        for (int l = first + 1; l < lines.size(); l++) {
            if (lines.get(l).isBlank()) {
                continue;
            }
            String[] cells = split(lines.get(l));
            if (cells.length != header.length) {
                throw DataFormatException.atLine(file, l + 1, cells.length + " values, expected " + header.length
                        + " (one per column of the header)");
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                row[c] = number(file, l + 1, c + 1, cells[c].strip());
            }
            data.add(row);
        }
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            double[] col = new double[data.size()];
            for (int r = 0; r < data.size(); r++) {
                col[r] = data.get(r)[e.getValue()];
            }
            byKey.put(e.getKey(), col);
        }
        return new MetricsTable(file, names, byKey, data.size());
    }

    /** The file it was read from. */
    public Path file() {
        return file;
    }

    /** Number of data lines. */
    public int rows() {
        return rows;
    }

    /** The column names as written in the header. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The first of these columns present (names compared as described above), or null. */
    public double[] column(String... aliases) {
        for (String a : aliases) {
            double[] c = byKey.get(key(a));
            if (c != null) {
                return c.clone();
            }
        }
        return null;
    }

    /** The x values: {@code epoch}, else {@code step}, else 1, 2, 3 … */
    public double[] epochs() {
        double[] e = column("epoch", "step");
        if (e != null) {
            return e;
        }
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** The name of the x values, for an axis title. */
    public String epochAxis() {
        return column("epoch") != null ? "epoch" : column("step") != null ? "step" : "line";
    }

    /** One of the plotted terms of the train or validation set ({@code "bound"}, {@code "rec"}, {@code "kl"}). */
    public double[] term(String term, boolean validation) {
        List<String> prefixes = validation ? List.of("valid", "validation", "val") : List.of("train");
        List<String> suffixes = switch (term) {
            case "bound" -> List.of("bound", "elbo");
            case "rec" -> List.of("rec", "reconstruction", "recon");
            case "kl" -> List.of("kl");
            default -> throw new IllegalArgumentException("MetricsTable.term: unknown term '" + term + "'");
        };
        List<String> aliases = new ArrayList<>();
        for (String p : prefixes) {
            for (String s : suffixes) {
                aliases.add(p + s);
            }
        }
        return column(aliases.toArray(new String[0]));
    }

    /** KL per latent dimension on the last line, dimension 0 first; empty when there are no such columns. */
    public double[] lastKlPerDimension() {
        TreeMap<Integer, double[]> dims = new TreeMap<>();
        for (Map.Entry<String, double[]> e : byKey.entrySet()) {
            Matcher m = KL_DIM.matcher(e.getKey());
            if (m.matches()) {
                dims.put(Integer.parseInt(m.group(1)), e.getValue());
            }
        }
        if (dims.isEmpty() || rows == 0) {
            return new double[0];
        }
        double[] out = new double[dims.lastKey() + 1];
        java.util.Arrays.fill(out, Double.NaN);
        dims.forEach((k, v) -> out[k] = v[rows - 1]);
        return out;
    }

    /** Lower case, letters and digits only: the form names are compared in. */
    static String key(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static double number(Path file, int line, int column, String cell) throws DataFormatException {
        if (cell.isEmpty() || cell.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw DataFormatException.atCell(file, line, column, "'" + (cell.length() > 40 ? cell.substring(0, 40)
                    + "..." : cell) + "' is not a number");
        }
    }
}
