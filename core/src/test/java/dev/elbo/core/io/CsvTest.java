package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.io.Csv.HeaderMode;
import dev.elbo.core.io.Csv.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTest {
    @TempDir
    Path dir;

    private int files;

    /** A new file each call, so a test can keep several. */
    private Path file(String text) throws IOException {
        Path p = dir.resolve("data" + (++files) + ".csv");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private DataFormatException fails(Path p, Options options) {
        return assertThrows(DataFormatException.class, () -> Csv.read(p, options));
    }

    private static void assertMessage(DataFormatException e, Path file, String location, String... parts) {
        String m = e.getMessage();
        String prefix = file + ": " + (location.isEmpty() ? "" : location + ": ");
        assertTrue(m.startsWith(prefix), "expected '" + prefix + "...', got: " + m);
        for (String part : parts) {
            assertTrue(m.contains(part), "expected '" + part + "' in: " + m);
        }
        assertEquals(-1, m.indexOf('\n'), m);
    }

    @Test
    void readsAPlainMatrix() throws Exception {
        ExampleMatrix m = Csv.read(file("1,2,3\n4.5,-6e-1, 7 \n"));
        assertEquals(ExampleMatrix.of(2, 3, new double[] {1, 2, 3, 4.5, -0.6, 7}), m);
        assertNull(m.labels());
    }

    @Test
    void detectsAHeaderRow() throws Exception {
        Path p = file("a,b\n1,2\n3,4\n");
        assertEquals(ExampleMatrix.of(2, 2, new double[] {1, 2, 3, 4}), Csv.read(p));
        // a header of numbers must be declared
        Path pandas = file(",x,y\n0,1.5,2\n1,3,4\n"); // pandas writes the index column with no name
        assertEquals(ExampleMatrix.of(2, 3, new double[] {0, 1.5, 2, 1, 3, 4}), Csv.read(pandas));
        Path numeric = file("0,1\n1,2\n3,4\n");
        assertEquals(3, Csv.read(numeric).rows());
        assertEquals(2, Csv.read(numeric, Options.defaults().withHeader(HeaderMode.PRESENT)).rows());
        // declared absent: a name in the first line is an error at line 1
        DataFormatException e = fails(p, Options.defaults().withHeader(HeaderMode.ABSENT));
        assertMessage(e, p, "line 1, column 1", "not a number: 'a'");
    }

    @Test
    void labelColumnByIndexAndByName() throws Exception {
        Path p = file("x1,label,x2\n0.5,3,1.5\n2.5,0,-1\n");
        ExampleMatrix expected = new ExampleMatrix(2, 2, new double[] {0.5, 1.5, 2.5, -1}, new int[] {3, 0});
        assertEquals(expected, Csv.read(p, Options.defaults().withLabelColumn(1)));
        assertEquals(expected, Csv.read(p, Options.defaults().withLabelColumn("label")));
        Path noHeader = file("7.0,1,2\n8,3,4\n");
        assertEquals(new ExampleMatrix(2, 2, new double[] {1, 2, 3, 4}, new int[] {7, 8}),
                Csv.read(noHeader, Options.defaults().withLabelColumn(0)));
    }

    @Test
    void labelColumnErrors() throws Exception {
        Path p = file("x,y\n1,2.5\n");
        assertMessage(fails(p, Options.defaults().withLabelColumn(1)), p, "line 2, column 2",
                "label must be a non-negative integer, found '2.5'");
        assertMessage(fails(p, Options.defaults().withLabelColumn("z")), p, "line 1", "no column named 'z'");
        assertMessage(fails(p, Options.defaults().withLabelColumn(2)), p, "line 1",
                "label column index 2", "2 fields");
        Path noHeader = file("1,2\n");
        assertMessage(fails(noHeader, Options.defaults().withLabelColumn("y")), noHeader, "line 1",
                "not a header");
        Path negative = file("-1,2\n");
        assertMessage(fails(negative, Options.defaults().withLabelColumn(0)), negative, "line 1, column 1",
                "found '-1'");
        Path onlyLabel = file("3\n");
        assertMessage(fails(onlyLabel, Options.defaults().withLabelColumn(0)), onlyLabel, "line 1",
                "no feature columns");
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t'})
    void otherDelimiters(char d) throws Exception {
        Path p = file("a" + d + "b\n1" + d + "2\n");
        assertEquals(ExampleMatrix.of(1, 2, new double[] {1, 2}), Csv.read(p, Options.defaults().withDelimiter(d)));
    }

    @Test
    void decimalCommaIsNotSilentlyMisread() throws Exception {
        Path p = file("1,5;2,5\n3,5;4,5\n");
        assertMessage(fails(p, Options.defaults().withDelimiter(';')), p, "line 2, column 1 ('1,5')",
                "not a number: '3,5'");
    }

    @Test
    void toleratesCrlfBomQuotesAndTrailingBlankLines() throws Exception {
        Path p = file("\uFEFF\"a\",\"b\"\r\n\"1\",2\r\n3,4\r\n\r\n   \n\n");
        assertEquals(ExampleMatrix.of(2, 2, new double[] {1, 2, 3, 4}), Csv.read(p));
    }

    @Test
    void blankLineBetweenRowsIsAnError() throws Exception {
        Path p = file("1,2\n\n3,4\n");
        assertMessage(fails(p, Options.defaults()), p, "line 2", "blank line between data rows");
    }

    @Test
    void raggedRowsNameTheLineAndBothCounts() throws Exception {
        Path shortRow = file("1,2,3\n4,5,6\n7,8\n");
        assertEquals(shortRow + ": line 3: expected 3 numbers (like the first row), found 2",
                fails(shortRow, Options.defaults()).getMessage());
        Path longRow = file("a,b\n1,2\n3,4,5,6\n");
        assertEquals(longRow + ": line 3: expected 2 numbers (like the header), found 4",
                fails(longRow, Options.defaults()).getMessage());
    }

    @Test
    void nonNumbersNameLineColumnAndText() throws Exception {
        Path p = file("x,y,z\n1,2,3\n4,five,6\n");
        assertEquals(p + ": line 3, column 2 ('y'): not a number: 'five'",
                fails(p, Options.defaults()).getMessage());
        Path empty = file("1,,3\n");
        assertMessage(fails(empty, Options.defaults()), empty, "line 1, column 2", "empty field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf", "+Inf"})
    void nanAndInfinityAreRefused(String text) throws Exception {
        Path p = file("1,2\n3," + text + "\n");
        assertMessage(fails(p, Options.defaults()), p, "line 2, column 2", "'" + text + "' is not allowed");
    }

    @Test
    void aBadValueInTheFirstRowIsNotTakenForAHeader() throws Exception {
        Path p = file("1,oops,3\n4,5,6\n");
        assertMessage(fails(p, Options.defaults()), p, "line 1, column 2", "not a number: 'oops'");
    }

    @Test
    void overflowToInfinityIsRefused() throws Exception {
        Path p = file("1,1e400\n");
        assertMessage(fails(p, Options.defaults()), p, "line 1, column 2", "'1e400' is too large for a double");
    }

    @Test
    void nanInTheFirstRowDoesNotMakeItAHeader() throws Exception {
        Path p = file("1,NaN\n2,3\n");
        assertMessage(fails(p, Options.defaults()), p, "line 1, column 2", "'NaN' is not allowed");
    }

    @Test
    void emptyFilesAndHeaderOnly() throws Exception {
        Path empty = file("");
        assertEquals(empty + ": file is empty", fails(empty, Options.defaults()).getMessage());
        Path blanks = file("\n  \n");
        assertEquals(blanks + ": file is empty", fails(blanks, Options.defaults()).getMessage());
        Path header = file("a,b\n");
        assertEquals(header + ": no data rows after the header line", fails(header, Options.defaults()).getMessage());
    }

    @Test
    void binaryFileIsReported() throws Exception {
        Path p = dir.resolve("image.png");
        Files.write(p, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xFF, (byte) 0xFE, 10});
        assertMessage(fails(p, Options.defaults()), p, "line 1", "not UTF-8 text");
        Path missing = dir.resolve("missing.csv");
        assertEquals(missing + ": no such file", fails(missing, Options.defaults()).getMessage());
    }

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1L, 1, 1), Arguments.of(2L, 5000, 3), Arguments.of(3L, 17, 784),
                Arguments.of(4L, 4097, 2));
    }

    @ParameterizedTest(name = "seed {0}: {1}×{2}")
    @MethodSource("shapes")
    void writeThenReadIsBitExact(long seed, int rows, int cols) throws Exception {
        Random rnd = new Random(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            switch (rnd.nextInt(4)) {
                case 0: data[i] = rnd.nextInt(256); break;
                case 1: data[i] = rnd.nextGaussian(); break;
                case 2: data[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(60) - 30); break;
                default: data[i] = Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
            }
        }
        int[] labels = rnd.ints(rows, 0, 10).toArray();
        ExampleMatrix m = new ExampleMatrix(rows, cols, data, labels);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            names.add("x" + c);
        }
        Path p = dir.resolve("m.csv");
        Csv.write(p, m, names);
        assertEquals(m, Csv.read(p, Options.defaults().withLabelColumn("label")),
                "seed " + seed + ", shape " + rows + "×" + cols);
        Csv.write(p, m.withLabels(null), null);
        assertEquals(m.withLabels(null), Csv.read(p), "seed " + seed + ", shape " + rows + "×" + cols);
    }

    @Test
    void manyRowsCrossChunkBoundaries() throws Exception {
        StringBuilder sb = new StringBuilder("a,b\n");
        int rows = 3 * 4096 + 5;
        for (int r = 0; r < rows; r++) {
            sb.append(r).append(',').append(-r).append('\n');
        }
        ExampleMatrix m = Csv.read(file(sb.toString()));
        assertEquals(rows, m.rows());
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(new double[] {r, -r}, m.row(r), "row " + r);
        }
    }

    @Test
    void optionsRefuseContradictions() {
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withDelimiter('|'));
        assertThrows(IllegalArgumentException.class,
                () -> Options.defaults().withHeader(HeaderMode.ABSENT).withLabelColumn("y"));
        assertThrows(IllegalArgumentException.class, () -> Options.defaults().withLabelColumn(-2));
    }
}
