package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How {@link GemmVector#partStart} shares a product's rows or columns among threads: every unit once,
 * no part empty, each cut at the unit boundary nearest to an equal share (a tie to the earlier
 * part, the calling thread's). Which thread computes what changes no bit ({@link GemmTest}
 * checks that); this is about balance.
 */
class GemmCutTest {
    record Split(long seed, int units, int unit, int size, int parts) {
        @Override
        public String toString() {
            return "seed=" + seed + " " + units + " units of " + unit + " (size " + size + ") into " + parts;
        }
    }

    static Stream<Split> splits() {
        return LongStream.range(0, 60).mapToObj(seed -> {
            SplittableRandom rnd = new SplittableRandom(7300 + seed);
            int unit = 1 + rnd.nextInt(24);
            int units = 1 + rnd.nextInt(seed % 3 == 0 ? 6 : 200);
            int size = (units - 1) * unit + 1 + rnd.nextInt(unit); // the last unit may be short
            int parts = seed % 5 == 0 ? Math.min(units, 8) : 1 + rnd.nextInt(Math.min(units, 8));
            return new Split(seed, units, unit, size, parts);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void partsCoverEveryUnitAndCutAtTheNearestBoundary(Split s) {
        int[] cuts = cuts(s.units(), s.unit(), s.size(), s.parts());
        assertTrue(cuts[0] == 0 && cuts[s.parts()] == s.units(), () -> s + ": ends " + java.util.Arrays.toString(cuts));
        for (int t = 1; t <= s.parts(); t++) {
            final int part = t - 1;
            assertTrue(cuts[t] > cuts[t - 1], () -> s + ": part " + part + " empty in " + java.util.Arrays.toString(cuts));
        }
        for (int t = 1; t < s.parts(); t++) {
            // among the boundaries that leave no part empty, the cut is the nearest to the share
            // (distances times parts), and of two equally near the later one
            long share = (long) t * s.size();
            long cutDistance = Math.abs((long) s.parts() * position(s, cuts[t]) - share);
            for (int u = cuts[t - 1] + 1; u <= s.units() - (s.parts() - t); u++) {
                long d = Math.abs((long) s.parts() * position(s, u) - share);
                final int at = u, cut = t;
                assertTrue(d > cutDistance || (d == cutDistance && u <= cuts[t]),
                        () -> s + ": cut " + cut + " at unit " + cuts[cut] + " but unit " + at
                                + " is nearer to the share, or as near and later");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void theCostModelSeesTheLargestOfTheseParts(Split s) {
        int[] cuts = cuts(s.units(), s.unit(), s.size(), s.parts());
        long largest = 0;
        for (int t = 0; t < s.parts(); t++) {
            largest = Math.max(largest, position(s, cuts[t + 1]) - position(s, cuts[t]));
        }
        assertEquals(largest, GemmVector.largestPart(s.units(), s.unit(), s.size(), s.parts()),
                () -> s + ": parts " + java.util.Arrays.toString(cuts));
    }

    private static int[] cuts(int units, int unit, int size, int parts) {
        int[] cuts = new int[parts + 1];
        for (int t = 0; t <= parts; t++) {
            cuts[t] = GemmVector.partStart(units, unit, size, parts, t);
        }
        return cuts;
    }

    private static long position(Split s, int unit) {
        return Math.min(s.size(), (long) unit * s.unit());
    }

    @Test
    void theIwaeShapesGiveTheCallerTheLargerHalf() {
        // 100 rows in strips of 4
        assertArrayEquals(new int[] {0, 13, 25}, cuts(25, 4, 100, 2), "100 rows: 52 for the caller, 48 for the worker");
        // 50 rows: 24 + 26 or 28 + 22; 24 is nearer to 25
        assertArrayEquals(new int[] {0, 6, 13}, cuts(13, 4, 50, 2), "50 rows");
        // 200 columns in panels of 24: 96 + 104, not 120 + 80
        assertArrayEquals(new int[] {0, 4, 9}, cuts(9, 24, 200, 2), "200 columns");
        // nearest boundaries 4, 8, 8: the last part would be empty
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, cuts(4, 4, 13, 4), "13 rows in 4 parts");
    }
}
