package dev.elbo.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.Rng;
import dev.elbo.core.io.Alphabet;
import dev.elbo.core.io.DataFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DataSetTest {

    @Test
    void shapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DataSet.of("x", 2, 3, new double[5]));
        assertThrows(IllegalArgumentException.class, () -> new DataSet("x", 2, 3, new double[6], new int[1], 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> DataSet.images("x", 1, 2, 2, new double[3], null));
        assertThrows(IllegalArgumentException.class, () -> new DataSet("x", 1, 6, new double[6], null, 2, 2, null));
        assertThrows(IllegalArgumentException.class, () -> new DataSet("x", 1, 6, new double[6], null, 0, 0, Alphabet.DNA));
        DataSet seq = new DataSet("s", 1, 10, new double[10], null, 0, 0, Alphabet.DNA);
        assertTrue(seq.toString().contains("sequences of 2"), seq.toString());
    }

    @Test
    void featureMeansAveragePerColumn() {
        DataSet d = DataSet.of("m", 3, 2, new double[] {1, 0, 0, 0, 1, 1});
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, d.featureMeans(), 1e-15);
        assertThrows(IllegalStateException.class, () -> DataSet.of("e", 0, 2, new double[0]).featureMeans());
    }

    @Test
    void nonFiniteValuesAreReportedWithFileRowAndColumn() {
        DataSet d = DataSet.of("m", 3, 2, new double[] {1, 0, 0, Double.NaN, 1, 1});
        DataFormatException e = assertThrows(DataFormatException.class, () -> d.requireFinite(Path.of("data.bin")));
        assertEquals("data.bin: row 2, column 2: value is NaN, expected a finite number", e.getMessage());
        DataSet inf = DataSet.of("m", 1, 2, new double[] {1, Double.NEGATIVE_INFINITY});
        e = assertThrows(DataFormatException.class, () -> inf.requireFinite(Path.of("f.csv")));
        assertTrue(e.getMessage().contains("-Infinity"), e.getMessage());
    }

    @Test
    void subsetCopiesRowsAndLabels() {
        DataSet d = new DataSet("d", 3, 2, new double[] {0, 1, 2, 3, 4, 5}, new int[] {7, 8, 9}, 1, 2, null);
        DataSet s = d.subset("s", new int[] {2, 0});
        assertArrayEquals(new double[] {4, 5, 0, 1}, s.data());
        assertArrayEquals(new int[] {9, 7}, s.labels());
        assertEquals(2, s.imageWidth());
    }

    // ------------------------------------------------------------------------------- splits

    static LongStream seeds() {
        return LongStream.range(1, 7);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void splitsAreDisjointCoverEverythingAndFollowTheSeed(long seed) {
        int n = 20 + (int) seed * 13;
        double[] x = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            labels[i] = 1000 + i;
        }
        DataSet all = new DataSet("all", n, 1, x, labels, 0, 0, null);
        DataSplits s = DataSplits.byFractions(all, 0.2, 0.1, new Rng(seed));
        String shape = "seed " + seed + ", n " + n;
        assertEquals(Math.round(0.1 * n), s.test().size(), shape);
        assertEquals(Math.round(0.2 * n), s.validation().size(), shape);
        assertEquals(n, s.train().size() + s.validation().size() + s.test().size(), shape);
        Set<Double> seen = new HashSet<>();
        for (DataSet part : new DataSet[] {s.train(), s.validation(), s.test()}) {
            double previous = -1;
            for (int i = 0; i < part.size(); i++) {
                double v = part.data()[i];
                assertTrue(seen.add(v), shape + ": example " + v + " in two parts");
                assertTrue(v > previous, shape + ": original order kept inside " + part.name());
                assertEquals(1000 + (int) v, part.labels()[i], shape);
                previous = v;
            }
        }
        DataSplits again = DataSplits.byFractions(all, 0.2, 0.1, new Rng(seed));
        assertTrue(again.validation().sameContent(s.validation()), shape);
        DataSplits other = DataSplits.byFractions(all, 0.2, 0.1, new Rng(seed + 100));
        assertNotEquals(Arrays.toString(other.validation().data()), Arrays.toString(s.validation().data()), shape);
    }

    @Test
    void aGivenTestSetIsKeptAndValidationIsSplitOff() {
        DataSet train = DataSet.of("t", 10, 2, new double[20]);
        DataSet test = DataSet.of("u", 4, 2, new double[8]);
        DataSplits s = DataSplits.withTestSet(train, test, 0.3, new Rng(1));
        assertEquals(7, s.train().size());
        assertEquals(3, s.validation().size());
        assertEquals(test, s.test());
        assertThrows(IllegalArgumentException.class,
                () -> DataSplits.withTestSet(train, DataSet.of("w", 1, 3, new double[3]), 0.3, new Rng(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplits.byFractions(train, 0.6, 0.4, new Rng(1)));
        assertTrue(e.getMessage().contains("leave none for training"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSplits.byFractions(train, 1.0, 0, new Rng(1)));
    }

    // ------------------------------------------------------------------------------- binarization

    @Test
    void binarizationDrawsOneBernoulliPerValue() {
        int n = 20000;
        double[] p = new double[n * 3];
        for (int i = 0; i < n; i++) {
            p[3 * i] = 0.0;
            p[3 * i + 1] = 0.3;
            p[3 * i + 2] = 1.0;
        }
        DataSet grey = DataSet.of("grey", n, 3, p);
        DataSet bin = Binarization.binarizeOnce(grey, new Rng(5));
        double[] mean = bin.featureMeans();
        assertEquals(0.0, mean[0]);
        assertEquals(0.3, mean[1], 4 * Math.sqrt(0.3 * 0.7 / n));
        assertEquals(1.0, mean[2]);
        for (double v : bin.data()) assertTrue(v == 0.0 || v == 1.0);
        assertArrayEquals(p, grey.data()); // the source is not touched
        // the same draws in place, from the same generator state
        double[] copy = p.clone();
        Binarization.binarizeInPlace(copy, 0, copy.length, new Rng(5));
        assertArrayEquals(bin.data(), copy);
        // a value becomes 1 exactly when the next uniform is below it
        Rng u = new Rng(5);
        for (int k = 0; k < 30; k++) assertEquals(u.nextDouble() < p[k] ? 1.0 : 0.0, bin.data()[k], "value " + k);
    }

    @Test
    void binarizationNeedsValuesInTheUnitInterval() {
        DataSet bad = DataSet.of("bad", 2, 2, new double[] {0, 0.5, 1.5, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Binarization.binarizeOnce(bad, new Rng(1)));
        assertEquals("data set 'bad': row 2, column 1: value 1.5 is outside [0, 1], which binarization needs",
                e.getMessage());
    }
}
