package dev.elbo.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Numeric CSV matrices: one example per line, one number per field.
 *
 * <p>What is accepted:
 * <ul>
 *   <li>a delimiter chosen by the caller: {@code ,} by default, or {@code ;} or tab;</li>
 *   <li>an optional header row of column names. {@link HeaderMode#AUTO} takes the first line as
 *       a header when none of its fields is a number (so a typo in the first data row is
 *       reported as such, not taken for a header); a header holding numbers, such as
 *       {@code 0,1,2} or {@code id,1,2}, needs {@link HeaderMode#PRESENT};</li>
 *   <li>an optional label column, by 0-based index or by header name, holding non-negative
 *       integers ({@code 3} or {@code 3.0}); it is removed from the features;</li>
 *   <li>numbers in decimal or scientific notation ({@code -1.5e-3}); surrounding spaces and
 *       double quotes around a field are ignored; a UTF-8 byte order mark is skipped; blank lines
 *       at the end of the file are ignored.</li>
 * </ul>
 * Everything else is an error naming the line (and the 1-based column for a bad value): rows
 * with a different number of fields than the first, empty fields, text that is not a number,
 * {@code NaN} and infinities (including numbers too large for a double), blank lines between
 * data rows, and a file with no data row. Quoted fields containing the delimiter are not
 * supported: this is a reader for matrices, not for general tables.
 *
 * <p>The file is parsed as it streams in, and numbers with at most 15 significant digits and a
 * small exponent (the common case) are converted without {@link Double#parseDouble}, exactly:
 * both the digits and the power of ten are exact doubles, and one IEEE division or
 * multiplication rounds correctly. Longer numbers go to {@code Double.parseDouble}.
 */
public final class Csv {
    private Csv() {}

    /** Whether the first line holds column names. */
    public enum HeaderMode {
        /** A header when none of the first line's fields is a number (nor NaN/Infinity). */
        AUTO,
        /** The first line is a header. */
        PRESENT,
        /** There is no header; the first line is data. */
        ABSENT
    }

    /**
     * How to read a file.
     *
     * @param delimiter   the field separator ({@code ,} {@code ;} or tab)
     * @param header      whether the first line holds column names
     * @param labelIndex  0-based index of the label column, or -1
     * @param labelName   header name of the label column, or null (needs a header)
     */
    public record Options(char delimiter, HeaderMode header, int labelIndex, String labelName) {

        /** Checks the combination makes sense. */
        public Options {
            if (delimiter != ',' && delimiter != ';' && delimiter != '\t') {
                throw new IllegalArgumentException("Csv.Options: delimiter must be ',', ';' or tab, not "
                        + DataFormatException.describe(delimiter));
            }
            Objects.requireNonNull(header, "header");
            if (labelIndex < -1) {
                throw new IllegalArgumentException("Csv.Options: label column index " + labelIndex
                        + " is negative");
            }
            if (labelIndex >= 0 && labelName != null) {
                throw new IllegalArgumentException("Csv.Options: give the label column by index or by "
                        + "name, not both");
            }
            if (labelName != null && header == HeaderMode.ABSENT) {
                throw new IllegalArgumentException("Csv.Options: a label column by name ('" + labelName
                        + "') needs a header row");
            }
        }

        /** Comma-separated, header detected, no label column. */
        public static Options defaults() {
            return new Options(',', HeaderMode.AUTO, -1, null);
        }

        /** The same with another delimiter. */
        public Options withDelimiter(char d) {
            return new Options(d, header, labelIndex, labelName);
        }

        /** The same with another header mode. */
        public Options withHeader(HeaderMode mode) {
            return new Options(delimiter, mode, labelIndex, labelName);
        }

        /** The same with the label in column {@code index} (0-based). */
        public Options withLabelColumn(int index) {
            return new Options(delimiter, header, index, null);
        }

        /** The same with the label in the column named {@code name} in the header. */
        public Options withLabelColumn(String name) {
            return new Options(delimiter, header, -1, Objects.requireNonNull(name, "name"));
        }

        boolean hasLabel() {
            return labelIndex >= 0 || labelName != null;
        }
    }

    /** Reads a comma-separated file with header detection and no label column. */
    public static ExampleMatrix read(Path file) throws IOException, DataFormatException {
        return read(file, Options.defaults());
    }

    /** Reads a numeric CSV file as described in the class comment. */
    public static ExampleMatrix read(Path file, Options options) throws IOException, DataFormatException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Readers.open(file), decoder),
                1 << 16)) {
            return new Parser(file, options).parse(reader);
        }
    }

    /**
     * Writes a matrix as CSV (atomically): a header line when {@code columnNames} is given (one
     * name per column, and {@code "label"} first when the matrix has labels), then one row per
     * example, the label first. Numbers are written so they read back bit for bit.
     */
    public static void write(Path file, ExampleMatrix matrix, List<String> columnNames) throws IOException {
        if (columnNames != null && columnNames.size() != matrix.cols()) {
            throw new IllegalArgumentException("Csv.write: " + columnNames.size() + " column names for "
                    + matrix.cols() + " columns");
        }
        AtomicFiles.write(file, out -> {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                    1 << 16);
            if (columnNames != null) {
                List<String> names = new ArrayList<>();
                if (matrix.hasLabels()) {
                    names.add("label");
                }
                names.addAll(columnNames);
                w.write(String.join(",", names));
                w.write('\n');
            }
            double[] data = matrix.data();
            for (int r = 0; r < matrix.rows(); r++) {
                if (matrix.hasLabels()) {
                    w.write(Integer.toString(matrix.labels()[r]));
                    w.write(',');
                }
                for (int c = 0; c < matrix.cols(); c++) {
                    if (c > 0) {
                        w.write(',');
                    }
                    w.write(Double.toString(data[r * matrix.cols() + c]));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    /** The state of one read: column layout from the first line, rows gathered in chunks. */
    private static final class Parser {
        private static final int CHUNK_ROWS = 4096;

        private final Path file;
        private final Options options;
        private final char delim;
        private List<String> names; // from the header, or null
        private int fields;         // fields per line, fixed by the first line
        private int labelField = -1;
        private int features;
        private final List<double[]> chunks = new ArrayList<>();
        private double[] chunk;
        private int rowsInChunk;
        private int[] labels;
        private int rows;
        private long lineNo;

        Parser(Path file, Options options) {
            this.file = file;
            this.options = options;
            this.delim = options.delimiter();
        }

        ExampleMatrix parse(BufferedReader reader) throws IOException, DataFormatException {
            long firstBlank = 0;
            boolean sawHeader = false;
            String line;
            while ((line = readLine(reader)) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    if (firstBlank == 0) {
                        firstBlank = lineNo;
                    }
                    continue;
                }
                if (firstBlank != 0) {
                    throw DataFormatException.atLine(file, firstBlank, "blank line between data rows "
                            + "(only blank lines at the end of the file are ignored)");
                }
                if (fields == 0) {
                    sawHeader = layout(line);
                    if (sawHeader) {
                        continue;
                    }
                }
                parseRow(line);
            }
            if (rows == 0) {
                throw lineNo == 0 || (fields == 0) ? DataFormatException.of(file, "file is empty")
                        : DataFormatException.of(file, "no data rows after the header line");
            }
            return assemble();
        }

        private String readLine(BufferedReader reader) throws IOException, DataFormatException {
            try {
                return reader.readLine();
            } catch (CharacterCodingException e) {
                throw DataFormatException.atLine(file, lineNo + 1, "not UTF-8 text (is this a binary file?)");
            }
        }

        /** Fixes the column layout from the first non-blank line; returns true if it is a header. */
        private boolean layout(String line) throws DataFormatException {
            List<String> cells = split(line);
            fields = cells.size();
            boolean header;
            switch (options.header()) {
                case PRESENT: header = true; break;
                case ABSENT: header = false; break;
                default: header = cells.stream().noneMatch(Parser::looksNumeric);
            }
            if (header) {
                names = cells;
            }
            if (options.labelName() != null) {
                if (!header) {
                    throw DataFormatException.atLine(file, lineNo, "label column '" + options.labelName()
                            + "' is given by name, but the first line is not a header (found "
                            + DataFormatException.quote(line) + ")");
                }
                labelField = cells.indexOf(options.labelName());
                if (labelField < 0) {
                    throw DataFormatException.atLine(file, lineNo, "no column named "
                            + DataFormatException.quote(options.labelName()) + " in the header");
                }
            } else if (options.labelIndex() >= 0) {
                labelField = options.labelIndex();
                if (labelField >= fields) {
                    throw DataFormatException.atLine(file, lineNo, "label column index " + labelField
                            + " (0-based) does not exist: the line has " + fields + " fields");
                }
            }
            features = fields - (labelField >= 0 ? 1 : 0);
            if (features == 0) {
                throw DataFormatException.atLine(file, lineNo, "no feature columns besides the label");
            }
            return header;
        }

        /** Parses one data line straight from the string, without splitting it. */
        private void parseRow(String line) throws DataFormatException {
            if (chunk == null || rowsInChunk == CHUNK_ROWS) {
                chunk = new double[CHUNK_ROWS * features];
                chunks.add(chunk);
                rowsInChunk = 0;
            }
            int out = rowsInChunk * features;
            int start = 0;
            for (int f = 0; f < fields; f++) {
                int end = line.indexOf(delim, start);
                boolean last = f == fields - 1;
                if (end < 0 && !last) {
                    throw ragged(line);
                }
                if (last) {
                    if (end >= 0) {
                        throw ragged(line);
                    }
                    end = line.length();
                }
                // trim spaces and one pair of double quotes
                int from = start;
                int to = end;
                while (from < to && line.charAt(from) <= ' ') {
                    from++;
                }
                while (to > from && line.charAt(to - 1) <= ' ') {
                    to--;
                }
                if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
                    from++;
                    to--;
                }
                double v = NumberParser.parse(line, from, to);
                if (!Double.isFinite(v)) {
                    throw badNumber(line.substring(from, to), f);
                }
                if (f == labelField) {
                    storeLabel(v, line.substring(from, to), f);
                } else {
                    chunk[out++] = v;
                }
                start = end + 1;
            }
            rowsInChunk++;
            rows++;
            if (rows == Integer.MAX_VALUE) {
                throw DataFormatException.atLine(file, lineNo, "too many rows");
            }
        }

        private void storeLabel(double v, String text, int field) throws DataFormatException {
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw DataFormatException.atCell(file, lineNo, field + 1, "label must be a non-negative "
                        + "integer, found " + DataFormatException.quote(text));
            }
            if (labels == null) {
                labels = new int[CHUNK_ROWS];
            } else if (rows == labels.length) {
                labels = java.util.Arrays.copyOf(labels, (int) Math.min(Integer.MAX_VALUE - 8, 2L * rows));
            }
            labels[rows] = (int) v;
        }

        private DataFormatException ragged(String line) {
            int found = 1;
            for (int i = line.indexOf(delim); i >= 0; i = line.indexOf(delim, i + 1)) {
                found++;
            }
            String where = names != null ? " (like the header)" : " (like the first row)";
            return DataFormatException.atLine(file, lineNo, "expected " + fields + " numbers" + where
                    + ", found " + found);
        }

        /** Explains why a field is not an acceptable number. */
        private DataFormatException badNumber(String text, int field) {
            String column = names != null ? " (" + DataFormatException.quote(names.get(field)) + ")" : "";
            String reason;
            if (text.isEmpty()) {
                reason = "empty field (missing value?)";
            } else if (isNanOrInfinity(text)) {
                reason = DataFormatException.quote(text) + " is not allowed: values must be finite "
                        + "numbers (fill in or drop missing values first)";
            } else if (NumberParser.isWellFormed(text)) {
                reason = DataFormatException.quote(text) + " is too large for a double";
            } else {
                reason = "not a number: " + DataFormatException.quote(text);
            }
            return new DataFormatException(file, "line " + lineNo + ", column " + (field + 1) + column,
                    reason);
        }

        private List<String> split(String line) {
            List<String> cells = new ArrayList<>();
            int start = 0;
            while (true) {
                int end = line.indexOf(delim, start);
                String cell = (end < 0 ? line.substring(start) : line.substring(start, end)).strip();
                if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
                    cell = cell.substring(1, cell.length() - 1);
                }
                cells.add(cell);
                if (end < 0) {
                    return cells;
                }
                start = end + 1;
            }
        }

        /** For header detection: numbers and NaN/Infinity count as data, anything else as a name. */
        private static boolean looksNumeric(String cell) {
            return NumberParser.isWellFormed(cell) || isNanOrInfinity(cell);
        }

        private static boolean isNanOrInfinity(String text) {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.startsWith("+") || t.startsWith("-")) {
                t = t.substring(1);
            }
            return t.equals("nan") || t.equals("inf") || t.equals("infinity");
        }

        private ExampleMatrix assemble() throws DataFormatException {
            long total = (long) rows * features;
            if (total > Integer.MAX_VALUE - 8) {
                throw DataFormatException.of(file, rows + " rows × " + features + " columns is more than "
                        + "one Java array can hold");
            }
            double[] data = new double[(int) total];
            int perChunk = CHUNK_ROWS * features;
            for (int i = 0; i < chunks.size(); i++) {
                int n = (int) Math.min(perChunk, total - (long) i * perChunk);
                System.arraycopy(chunks.get(i), 0, data, i * perChunk, n);
            }
            int[] ys = labels == null ? null : java.util.Arrays.copyOf(labels, rows);
            return new ExampleMatrix(rows, features, data, ys);
        }
    }
}
