package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.io.Sequences.UnknownSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SequencesTest {
    @TempDir
    Path dir;

    private int files;

    private Path file(String text) throws IOException {
        Path p = dir.resolve("seqs" + (++files) + ".fasta");
        Files.writeString(p, text);
        return p;
    }

    private DataFormatException fails(Path p, UnknownSymbols unknown) {
        return assertThrows(DataFormatException.class, () -> Sequences.read(p, Alphabet.PROTEIN, unknown));
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
    void proteinAlphabetOrderIsTheDocumentedOne() {
        assertEquals("ACDEFGHIKLMNPQRSTVWY-", Alphabet.PROTEIN.symbols());
        assertEquals(21, Alphabet.PROTEIN.size());
        assertEquals(20, Alphabet.PROTEIN.gapIndex());
        assertEquals(0, Alphabet.PROTEIN.indexOf('A'));
        assertEquals(19, Alphabet.PROTEIN.indexOf('Y'));
        assertEquals(0, Alphabet.PROTEIN.indexOf('a'), "lowercase reads as uppercase");
        assertEquals(20, Alphabet.PROTEIN.indexOf('.'), "'.' reads as gap");
        assertEquals(-1, Alphabet.PROTEIN.indexOf('X'));
        assertEquals(-1, Alphabet.PROTEIN.indexOf('é'));
    }

    @Test
    void fastaRecordsSpanLinesAndAreOneHotCodedPositionMajor() throws Exception {
        Path p = file(">first protein\nAC\nD-\n\n; a comment\n>second\nac.y\n");
        SequenceSet set = Sequences.read(p, Alphabet.PROTEIN);
        assertEquals(List.of("first protein", "second"), set.names());
        assertEquals(4, set.length());
        assertEquals("ACD-", set.sequence(0));
        assertEquals("AC-Y", set.sequence(1));
        ExampleMatrix m = set.oneHot();
        assertEquals(2, m.rows());
        assertEquals(4 * 21, m.cols());
        // expected ones, from the documented alphabet order: A=0 C=1 D=2 Y=19 gap=20
        int[][] hot = {{0, 1, 2, 20}, {0, 1, 20, 19}};
        for (int r = 0; r < 2; r++) {
            for (int pos = 0; pos < 4; pos++) {
                for (int k = 0; k < 21; k++) {
                    double expected = k == hot[r][pos] ? 1 : 0;
                    assertEquals(expected, m.get(r, pos * 21 + k), "row " + r + ", position " + pos + ", k " + k);
                }
            }
        }
    }

    @Test
    void plainTextHasOneSequencePerLine() throws Exception {
        Path p = file("ACDE\n\nacde\nKLMN\n");
        SequenceSet set = Sequences.read(p, Alphabet.PROTEIN);
        assertEquals(List.of("line 1", "line 3", "line 4"), set.names());
        assertEquals("KLMN", set.sequence(2));
    }

    @Test
    void unequalLengthsNameTheRecordAndBothLengths() throws Exception {
        Path p = file(">a\nACDE\n>b\nACD\n>c\nACDE\n");
        assertEquals(p + ": line 3: record 'b' has length 3, expected 4 like the first record 'a' "
                + "(sequences must be aligned)", fails(p, UnknownSymbols.REJECT).getMessage());
        Path longer = file(">a\nAC\n>b\nACDEF\nGH\n");
        assertMessage(fails(longer, UnknownSymbols.REJECT), longer, "line 3", "record 'b' has length 7, expected 2");
        Path plain = file("ACDE\nACDEF\n");
        assertMessage(fails(plain, UnknownSymbols.REJECT), plain, "line 2", "sequence has length 5, expected 4");
    }

    @Test
    void unknownSymbolIsAnErrorOrAGap() throws Exception {
        Path p = file(">a\nACDE\n>b\nAC\nXE\n");
        assertMessage(fails(p, UnknownSymbols.REJECT), p, "line 5, column 1", "record 'b'",
                "unknown symbol 'X'", "ACDEFGHIKLMNPQRSTVWY-");
        SequenceSet set = Sequences.read(p, Alphabet.PROTEIN, UnknownSymbols.MAP_TO_GAP);
        assertEquals("AC-E", set.sequence(1));
        Path stop = file("AC*\n");
        assertMessage(fails(stop, UnknownSymbols.REJECT), stop, "line 1, column 3", "unknown symbol '*'");
        assertThrows(IllegalArgumentException.class,
                () -> Sequences.read(p, Alphabet.of("ACDE"), UnknownSymbols.MAP_TO_GAP));
    }

    @Test
    void malformedFiles() throws Exception {
        Path empty = file("\n\n");
        assertEquals(empty + ": no sequences (the file is empty)", fails(empty, UnknownSymbols.REJECT).getMessage());
        Path noResidues = file(">a\nACD\n>b\n>c\nACD\n");
        assertMessage(fails(noResidues, UnknownSymbols.REJECT), noResidues, "line 3", "record 'b' has no symbols");
        Path dataFirst = file("ACD\n>a\nACD\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Sequences.readFasta(dataFirst, Alphabet.PROTEIN, UnknownSymbols.REJECT));
        assertMessage(e, dataFirst, "line 1", "before the first '>' header");
    }

    static LongStream seeds() {
        return LongStream.range(1, 11);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodeInvertsOneHotAndPicksTheMostLikelySymbol(long seed) {
        Random rnd = new Random(seed);
        Alphabet a = rnd.nextBoolean() ? Alphabet.PROTEIN : Alphabet.DNA;
        int length = 1 + rnd.nextInt(60);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < length; p++) {
            sb.append(a.symbol(rnd.nextInt(a.size())));
        }
        String seq = sb.toString();
        double[] row = new double[3 + length * a.size()];
        a.oneHot(seq, row, 3);
        String where = "seed " + seed + ", length " + length + ", " + a;
        assertEquals(seq, a.decode(row, 3, length), where);
        // probabilities: put the largest mass on the symbol of seq, spread the rest randomly
        for (int p = 0; p < length; p++) {
            int hot = a.indexOf(seq.charAt(p));
            for (int k = 0; k < a.size(); k++) {
                row[3 + p * a.size() + k] = k == hot ? 0.5 + 0.5 * rnd.nextDouble() : 0.5 * rnd.nextDouble() / a.size();
            }
        }
        assertEquals(seq, a.decode(row, 3, length), where);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fileRoundTripThroughOneHotRows(long seed) throws Exception {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(20);
        int length = 1 + rnd.nextInt(50);
        StringBuilder text = new StringBuilder();
        String[] seqs = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int p = 0; p < length; p++) {
                s.append(Alphabet.PROTEIN.symbol(rnd.nextInt(21)));
            }
            seqs[i] = s.toString();
            text.append(">s").append(i).append('\n');
            for (int from = 0; from < length; from += 7) { // wrapped at 7 columns
                text.append(seqs[i], from, Math.min(length, from + 7)).append('\n');
            }
        }
        SequenceSet set = Sequences.read(file(text.toString()), Alphabet.PROTEIN);
        String where = "seed " + seed + ", " + n + " sequences of length " + length;
        assertEquals(n, set.count(), where);
        int width = set.oneHotWidth();
        double[] batch = new double[n * width];
        set.oneHotRows(0, n, batch, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(seqs[i], Alphabet.PROTEIN.decode(batch, i * width, length), where + ", sequence " + i);
        }
        assertEquals(set.oneHot(), ExampleMatrix.of(n, width, batch), where);
    }

    @Test
    void decodeRefusesNaNAndBadRanges() {
        double[] row = new double[2 * 5];
        row[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Alphabet.DNA.decode(row, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Alphabet.DNA.decode(row, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Alphabet.withGap("ACGT", '-'));
        assertThrows(IllegalArgumentException.class, () -> Alphabet.of("AA"));
    }
}
