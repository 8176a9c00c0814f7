package dev.elbo.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumberParserTest {

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    /** Random decimal text: sign, 0–20 integer digits, optional fraction and exponent. */
    private static String randomNumber(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int sign = rnd.nextInt(3);
        if (sign == 1) {
            sb.append('-');
        } else if (sign == 2) {
            sb.append('+');
        }
        int intDigits = rnd.nextInt(21);
        for (int i = 0; i < intDigits; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        if (intDigits == 0 || rnd.nextBoolean()) {
            sb.append('.');
            int fracDigits = 1 + rnd.nextInt(20);
            for (int i = 0; i < fracDigits; i++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
        }
        if (rnd.nextInt(3) == 0) {
            sb.append(rnd.nextBoolean() ? 'e' : 'E');
            if (rnd.nextBoolean()) {
                sb.append(rnd.nextBoolean() ? '-' : '+');
            }
            sb.append(rnd.nextInt(rnd.nextBoolean() ? 30 : 400));
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithParseDoubleBitForBit(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            String s = randomNumber(rnd);
            double expected = Double.parseDouble(s);
            double got = NumberParser.parse(s, 0, s.length());
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got),
                    "seed " + seed + ", case " + i + ": '" + s + "' gave " + got + ", expected " + expected);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void readsBackWhatDoubleToStringWrites(long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String s = Double.toString(v);
            assertEquals(v, NumberParser.parse(s, 0, s.length()), "seed " + seed + ": '" + s + "'");
        }
    }

    @Test
    void parsesWithinARange() {
        String line = "x,12.5,y";
        assertEquals(12.5, NumberParser.parse(line, 2, 6));
        assertEquals(-0.0, NumberParser.parse("-0", 0, 2));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(NumberParser.parse("-0", 0, 2)));
        assertEquals(Double.POSITIVE_INFINITY, NumberParser.parse("1e400", 0, 5));
        assertEquals(0.0, NumberParser.parse("1e-400", 0, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", "1f", "1d", "NaN",
        "Infinity", "abc", "1 2", " 1", "--1", "1e5.5"})
    void rejectsWhatIsNotADecimalNumber(String s) {
        assertTrue(Double.isNaN(NumberParser.parse(s, 0, s.length())), "'" + s + "'");
        assertFalse(NumberParser.isWellFormed(s), "'" + s + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.", ".5", "+1", "-1.5E-3", "00012", "1e0400", "123456789012345678901234567890"})
    void acceptsEveryDecimalForm(String s) {
        assertTrue(NumberParser.isWellFormed(s), s);
        assertEquals(Double.parseDouble(s), NumberParser.parse(s, 0, s.length()), s);
    }
}
