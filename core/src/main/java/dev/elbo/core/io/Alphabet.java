package dev.elbo.core.io;

import java.util.Arrays;

/**
 * The symbols of aligned sequences and their one-hot coding.
 *
 * <p>Symbol {@code k} of the alphabet is column {@code k} of each position's group: a sequence of
 * length {@code L} over an alphabet of {@code A} symbols becomes {@code L·A} numbers, position
 * major, {@code out[p·A + k] = 1} when position {@code p} holds symbol {@code k}. That is the layout
 * the categorical likelihood expects (a softmax over each group of {@code A}).
 *
 * <p>Reading is forgiving in two documented ways: a lowercase letter is read as its uppercase
 * form when only the latter is a symbol, and {@code .} is read as the gap when the alphabet has
 * one (alignment tools write {@code .} for gaps in insert columns).
 */
public final class Alphabet {
    /**
     * The 20 amino acids in alphabetical order of their one-letter codes, then the gap:
     * {@code ACDEFGHIKLMNPQRSTVWY-} (21 symbols; the gap is index 20).
     */
    public static final Alphabet PROTEIN = withGap("ACDEFGHIKLMNPQRSTVWY-", '-');

    /** The four DNA bases and the gap: {@code ACGT-} (gap index 4). */
    public static final Alphabet DNA = withGap("ACGT-", '-');

    private final String symbols;
    private final int gap;
    /** ASCII character → symbol index, or -1. */
    private final byte[] index = new byte[128];

    private Alphabet(String symbols, int gap) {
        this.symbols = symbols;
        this.gap = gap;
        Arrays.fill(index, (byte) -1);
        for (int k = 0; k < symbols.length(); k++) {
            char c = symbols.charAt(k);
            if (c >= 128 || c <= ' ') {
                throw new IllegalArgumentException("Alphabet: symbol " + DataFormatException.describe(c)
                        + " is not a visible ASCII character");
            }
            if (index[c] >= 0) {
                throw new IllegalArgumentException("Alphabet: symbol '" + c + "' appears twice in "
                        + symbols);
            }
            index[c] = (byte) k;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            char upper = Character.toUpperCase(c);
            if (index[c] < 0 && index[upper] >= 0) {
                index[c] = index[upper];
            }
        }
        if (gap >= 0 && index['.'] < 0) {
            index['.'] = (byte) gap;
        }
    }

    /** An alphabet without a gap symbol; symbols are visible ASCII characters, each once. */
    public static Alphabet of(String symbols) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("Alphabet: no symbols");
        }
        return new Alphabet(symbols, -1);
    }

    /** An alphabet whose symbol {@code gap} (one of {@code symbols}) stands for a gap. */
    public static Alphabet withGap(String symbols, char gap) {
        int g = symbols.indexOf(gap);
        if (g < 0) {
            throw new IllegalArgumentException("Alphabet: gap '" + gap + "' is not one of " + symbols);
        }
        return new Alphabet(symbols, g);
    }

    /** Number of symbols {@code A}. */
    public int size() {
        return symbols.length();
    }

    /** The symbols in index order. */
    public String symbols() {
        return symbols;
    }

    /** The symbol with index {@code k}. */
    public char symbol(int k) {
        return symbols.charAt(k);
    }

    /** Index of the gap symbol, or -1 when the alphabet has none. */
    public int gapIndex() {
        return gap;
    }

    /** Index of the symbol {@code c} stands for (see the class comment), or -1 if none. */
    public int indexOf(char c) {
        return c < 128 ? index[c] : -1;
    }

    /**
     * Writes the one-hot coding of {@code sequence} to {@code out[offset, offset + L·A)}.
     *
     * @throws IllegalArgumentException on a character that is not a symbol
     */
    public void oneHot(CharSequence sequence, double[] out, int offset) {
        int a = size();
        Arrays.fill(out, offset, offset + sequence.length() * a, 0.0);
        for (int p = 0; p < sequence.length(); p++) {
            int k = indexOf(sequence.charAt(p));
            if (k < 0) {
                throw new IllegalArgumentException("Alphabet.oneHot: position " + p + " holds "
                        + DataFormatException.describe(sequence.charAt(p)) + ", not one of " + symbols);
            }
            out[offset + p * a + k] = 1.0;
        }
    }

    /**
     * The most likely sequence for a row of per-position probabilities (or one-hot values,
     * or logits): at each of the {@code length} positions, the symbol with the largest value in
     * its group of {@code A} (the first on ties). The inverse of {@link #oneHot}.
     *
     * @throws IllegalArgumentException when a group holds a NaN
     */
    public String decode(double[] row, int offset, int length) {
        int a = size();
        if (offset < 0 || (long) offset + (long) length * a > row.length) {
            throw new IllegalArgumentException("Alphabet.decode: " + length + " positions × " + a
                    + " symbols from offset " + offset + " do not fit a row of " + row.length);
        }
        char[] out = new char[length];
        for (int p = 0; p < length; p++) {
            int base = offset + p * a;
            int best = 0;
            for (int k = 0; k < a; k++) {
                double v = row[base + k];
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("Alphabet.decode: NaN at position " + p
                            + ", symbol '" + symbol(k) + "'");
                }
                if (v > row[base + best]) {
                    best = k;
                }
            }
            out[p] = symbol(best);
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "Alphabet[" + symbols + (gap >= 0 ? ", gap '" + symbol(gap) + "'" : "") + "]";
    }
}
