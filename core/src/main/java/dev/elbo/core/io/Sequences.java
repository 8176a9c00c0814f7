package dev.elbo.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned sequences from FASTA or from plain text (one sequence per line).
 *
 * <p>FASTA: a record is a {@code >name} line followed by any number of sequence lines, which are
 * joined; spaces and tabs inside them are ignored, as are blank lines and {@code ;} comment lines.
 * Plain text: each non-blank line is one sequence, named {@code line N}. {@link #read} picks
 * FASTA when the first non-blank line starts with {@code >}.
 *
 * <p>All sequences must have the length of the first one (an alignment); symbols are read as
 * {@link Alphabet} describes (lowercase as uppercase, {@code .} as gap). A character that is no
 * symbol is an error naming the record, the line and column, and the character — unless
 * {@link UnknownSymbols#MAP_TO_GAP} is chosen, which reads it as the gap (useful for {@code X},
 * {@code B}, {@code Z} in protein alignments).
 */
public final class Sequences {
    private Sequences() {}

    /** What to do with a character that is not a symbol of the alphabet. */
    public enum UnknownSymbols {
        /** Stop with an error naming the character and where it is. */
        REJECT,
        /** Read it as the gap (the alphabet must have one). */
        MAP_TO_GAP
    }

    /** Reads FASTA or plain text, whichever the file holds, rejecting unknown symbols. */
    public static SequenceSet read(Path file, Alphabet alphabet) throws IOException, DataFormatException {
        return read(file, alphabet, UnknownSymbols.REJECT);
    }

    /** Reads FASTA or plain text, whichever the file holds (see the class comment). */
    public static SequenceSet read(Path file, Alphabet alphabet, UnknownSymbols unknown)
            throws IOException, DataFormatException {
        return parse(file, alphabet, unknown, null);
    }

    /** Reads a FASTA file. */
    public static SequenceSet readFasta(Path file, Alphabet alphabet, UnknownSymbols unknown)
            throws IOException, DataFormatException {
        return parse(file, alphabet, unknown, Boolean.TRUE);
    }

    /** Reads plain text, one sequence per line. */
    public static SequenceSet readLines(Path file, Alphabet alphabet, UnknownSymbols unknown)
            throws IOException, DataFormatException {
        return parse(file, alphabet, unknown, Boolean.FALSE);
    }

    /** @param fasta true / false to force a format, null to detect it */
    private static SequenceSet parse(Path file, Alphabet alphabet, UnknownSymbols unknown, Boolean fasta)
            throws IOException, DataFormatException {
        if (unknown == UnknownSymbols.MAP_TO_GAP && alphabet.gapIndex() < 0) {
            throw new IllegalArgumentException("Sequences: MAP_TO_GAP needs an alphabet with a gap, "
                    + alphabet + " has none");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Readers.open(file), decoder),
                1 << 16)) {
            return new Parser(file, alphabet, unknown, fasta).parse(reader);
        }
    }

    /** Gathers records one line at a time; symbols go into one growing byte array. */
    private static final class Parser {
        private final Path file;
        private final Alphabet alphabet;
        private final UnknownSymbols unknown;
        private Boolean fasta;

        private final List<String> names = new ArrayList<>();
        private byte[] symbols = new byte[1 << 12];
        private int length = -1;     // common length, fixed by the first record
        private long filled;         // symbols stored so far (complete records + current one)
        private String recordName;   // current record
        private long recordLine;     // line of its header (FASTA) or of itself (plain)
        private int recordLength;    // symbols seen in it so far
        private long lineNo;

        Parser(Path file, Alphabet alphabet, UnknownSymbols unknown, Boolean fasta) {
            this.file = file;
            this.alphabet = alphabet;
            this.unknown = unknown;
            this.fasta = fasta;
        }

        SequenceSet parse(BufferedReader reader) throws IOException, DataFormatException {
            String line;
            while ((line = readLine(reader)) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (fasta == null) {
                    fasta = line.startsWith(">");
                }
                if (fasta) {
                    fastaLine(line);
                } else {
                    startRecord("line " + lineNo);
                    addSymbols(line);
                    endRecord();
                }
            }
            if (fasta != null && fasta && recordName != null) {
                endRecord();
            }
            if (names.isEmpty()) {
                throw DataFormatException.of(file, "no sequences (the file is empty)");
            }
            return new SequenceSet(names, length, alphabet, Arrays.copyOf(symbols, (int) filled));
        }

        private String readLine(BufferedReader reader) throws IOException, DataFormatException {
            try {
                return reader.readLine();
            } catch (CharacterCodingException e) {
                throw DataFormatException.atLine(file, lineNo + 1, "not UTF-8 text (is this a binary file?)");
            }
        }

        private void fastaLine(String line) throws DataFormatException {
            if (line.startsWith(">")) {
                if (recordName != null) {
                    endRecord();
                }
                String name = line.substring(1).strip();
                startRecord(name.isEmpty() ? "(unnamed, line " + lineNo + ")" : name);
            } else if (line.startsWith(";")) {
                return; // old-style FASTA comment
            } else if (recordName == null) {
                throw DataFormatException.atLine(file, lineNo, "sequence data before the first '>' "
                        + "header line (found " + DataFormatException.quote(line) + ")");
            } else {
                addSymbols(line);
            }
        }

        private void startRecord(String name) {
            recordName = name;
            recordLine = lineNo;
            recordLength = 0;
        }

        private void addSymbols(String line) throws DataFormatException {
            for (int col = 0; col < line.length(); col++) {
                char c = line.charAt(col);
                if (c == ' ' || c == '\t') {
                    continue;
                }
                int k = alphabet.indexOf(c);
                if (k < 0) {
                    if (unknown == UnknownSymbols.REJECT) {
                        throw DataFormatException.atCell(file, lineNo, col + 1, "record "
                                + DataFormatException.quote(recordName) + ": unknown symbol "
                                + DataFormatException.describe(c) + " (alphabet " + alphabet.symbols()
                                + "; unknown symbols can be read as gaps instead)");
                    }
                    k = alphabet.gapIndex();
                }
                recordLength++;
                // past the common length the record is wrong anyway: count, don't store
                if (length < 0 || recordLength <= length) {
                    store((byte) k);
                }
            }
        }

        private void store(byte k) throws DataFormatException {
            if (filled == symbols.length) {
                if (filled >= Integer.MAX_VALUE - 8) {
                    throw DataFormatException.atLine(file, lineNo, "too many symbols for one array");
                }
                symbols = Arrays.copyOf(symbols, (int) Math.min(Integer.MAX_VALUE - 8, 2L * filled));
            }
            symbols[(int) filled++] = k;
        }

        private void endRecord() throws DataFormatException {
            String where = fasta ? "record " + DataFormatException.quote(recordName) : "sequence";
            if (recordLength == 0) {
                throw DataFormatException.atLine(file, recordLine, where + " has no symbols");
            }
            if (length < 0) {
                length = recordLength;
            } else if (recordLength != length) {
                throw DataFormatException.atLine(file, recordLine, where + " has length " + recordLength
                        + ", expected " + length + " like the first " + (fasta ? "record " : "sequence ")
                        + DataFormatException.quote(names.get(0)) + " (sequences must be aligned)");
            }
            names.add(recordName);
            recordName = null;
        }
    }
}
