package dev.elbo.core.io;

/**
 * Decimal numbers from text, correctly rounded, without allocating in the common case.
 *
 * <p>Grammar: {@code [+-]? (digits [. digits?]? | . digits) ([eE] [+-]? digits)?}. When the
 * significant digits fit in 15 decimal digits (so the integer they form is exact as a double,
 * being below 2^53) and the decimal exponent is at most 22 in size (so the power of ten is exact
 * too), the value is that integer multiplied or divided by the power of ten: a single IEEE
 * operation on exact operands, hence correctly rounded, the same double as
 * {@link Double#parseDouble} (the classic fast path of Clinger, 1990). Other well-formed
 * numbers are handed to {@code Double.parseDouble}.
 */
final class NumberParser {
    private NumberParser() {}

    private static final int MAX_EXACT_DIGITS = 15;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p; // 10^22 < 2^53 · 2^22: every one is exact
            p *= 10;
        }
    }

    /** Whether {@code text} (all of it) follows the grammar above. */
    static boolean isWellFormed(String text) {
        return !Double.isNaN(parse(text, 0, text.length()));
    }

    /**
     * The number in {@code s[from, to)}, or NaN when the text is not a well-formed number (so the
     * caller, which rejects NaN anyway, needs a single check). May return an infinity when the
     * number is too large for a double.
     */
    static double parse(String s, int from, int to) {
        int i = from;
        if (i == to) {
            return Double.NaN;
        }
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;   // digits in mantissa once leading zeros are skipped
        int exponent = 0;      // power of ten to apply to mantissa
        boolean exact = true;  // false once a digit had to be dropped
        int digitsSeen = 0;
        for (; i < to && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
            digitsSeen++;
            if (mantissa == 0 && c == '0') {
                continue;
            }
            if (significant < MAX_EXACT_DIGITS) {
                mantissa = 10 * mantissa + (c - '0');
                significant++;
            } else {
                exact = false;
            }
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            for (; i < to && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
                digitsSeen++;
                if (mantissa == 0 && c == '0') {
                    exponent--;
                    continue;
                }
                if (significant < MAX_EXACT_DIGITS) {
                    mantissa = 10 * mantissa + (c - '0');
                    significant++;
                    exponent--;
                } else {
                    exact = false;
                }
            }
        }
        if (digitsSeen == 0) {
            return Double.NaN;
        }
        if (i < to && ((c = s.charAt(i)) == 'e' || c == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && ((c = s.charAt(i)) == '+' || c == '-')) {
                negativeExponent = c == '-';
                i++;
            }
            int e = 0;
            int expDigits = 0;
            for (; i < to && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
                expDigits++;
                if (e < 100_000) { // beyond this any double under- or overflows anyway
                    e = 10 * e + (c - '0');
                }
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (exact && exponent >= -22 && exponent <= 22) {
            double m = mantissa;
            double v = exponent >= 0 ? m * POWERS_OF_TEN[exponent] : m / POWERS_OF_TEN[-exponent];
            return negative ? -v : v;
        }
        return Double.parseDouble(s.substring(from, to));
    }
}
