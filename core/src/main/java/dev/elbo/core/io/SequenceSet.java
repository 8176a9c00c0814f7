package dev.elbo.core.io;

import java.util.List;

/**
 * Aligned sequences of one length over one alphabet, kept compactly as symbol indices (one byte
 * per position) and one-hot coded on demand, since the one-hot matrix is {@code A} times larger
 * ({@code n × L·A} doubles).
 */
public final class SequenceSet {
    private final List<String> names;
    private final int length;
    private final Alphabet alphabet;
    private final byte[] symbols; // n × L, row-major symbol indices

    /**
     * @param names    one name per sequence (the FASTA header text, or {@code line N})
     * @param length   the common length {@code L}
     * @param alphabet the alphabet the indices refer to
     * @param symbols  {@code names.size() × length} symbol indices, row-major
     */
    public SequenceSet(List<String> names, int length, Alphabet alphabet, byte[] symbols) {
        if (length <= 0 || symbols.length != (long) names.size() * length) {
            throw new IllegalArgumentException("SequenceSet: " + names.size() + " sequences of length "
                    + length + " need " + (long) names.size() * length + " symbols, got " + symbols.length);
        }
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] < 0 || symbols[i] >= alphabet.size()) {
                throw new IllegalArgumentException("SequenceSet: symbol index " + symbols[i] + " at " + i
                        + " is outside the alphabet " + alphabet.symbols());
            }
        }
        this.names = List.copyOf(names);
        this.length = length;
        this.alphabet = alphabet;
        this.symbols = symbols;
    }

    /** Number of sequences {@code n}. */
    public int count() {
        return names.size();
    }

    /** The common length {@code L}. */
    public int length() {
        return length;
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    /** The names, in file order. */
    public List<String> names() {
        return names;
    }

    /** Symbol index at position {@code p} of sequence {@code i}. */
    public int symbolIndex(int i, int p) {
        if (p < 0 || p >= length) {
            throw new IndexOutOfBoundsException("SequenceSet.symbolIndex: position " + p + " outside "
                    + length);
        }
        return symbols[i * length + p];
    }

    /** Sequence {@code i} as text (gaps as the alphabet's gap symbol). */
    public String sequence(int i) {
        char[] out = new char[length];
        for (int p = 0; p < length; p++) {
            out[p] = alphabet.symbol(symbolIndex(i, p));
        }
        return new String(out);
    }

    /** Number of one-hot columns {@code L·A}. */
    public int oneHotWidth() {
        return length * alphabet.size();
    }

    /**
     * Writes the one-hot rows of sequences {@code [from, to)} to {@code out} starting at
     * {@code offset}, {@code L·A} values per row (see {@link Alphabet} for the layout): what a
     * minibatch needs without the whole one-hot matrix in memory.
     */
    public void oneHotRows(int from, int to, double[] out, int offset) {
        if (from < 0 || to > count() || from > to) {
            throw new IndexOutOfBoundsException("SequenceSet.oneHotRows: [" + from + ", " + to
                    + ") outside " + count() + " sequences");
        }
        int a = alphabet.size();
        int width = oneHotWidth();
        java.util.Arrays.fill(out, offset, offset + (to - from) * width, 0.0);
        for (int i = from; i < to; i++) {
            int row = offset + (i - from) * width;
            int src = i * length;
            for (int p = 0; p < length; p++) {
                out[row + p * a + symbols[src + p]] = 1.0;
            }
        }
    }

    /** The whole one-hot matrix, {@code n × L·A}. */
    public ExampleMatrix oneHot() {
        long size = (long) count() * oneHotWidth();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("SequenceSet.oneHot: " + count() + " × " + oneHotWidth()
                    + " values do not fit one array; use oneHotRows per minibatch");
        }
        double[] data = new double[(int) size];
        oneHotRows(0, count(), data, 0);
        return ExampleMatrix.of(count(), oneHotWidth(), data);
    }
}
