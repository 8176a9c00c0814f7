package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.Rng;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RandomStreams, MetricsLog and the divergence message. */
class SupportTest {

    @Test
    void streamsAreTheSuccessiveSplitsOfTheSeedsRoot() {
        RandomStreams s = RandomStreams.of(77);
        Rng root = new Rng(77);
        List<Rng> expected = List.of(root.split(), root.split(), root.split(), root.split(), root.split(),
                root.split(), root.split());
        List<Rng> actual = List.of(s.dataSplit(), s.initialization(), s.fixedBinarizationParent(), s.shuffle(),
                s.dynamicBinarization(), s.noise(), s.evaluationNoise());
        Set<Long> firsts = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).state(), actual.get(i).state(), "stream " + i);
            firsts.add(actual.get(i).nextLong());
        }
        assertEquals(7, firsts.size(), "distinct streams");
        // accessors hand out copies
        s.noise().nextLong();
        assertArrayEquals(expected.get(5).state(), s.noise().state());
        // the parts of the fixed binarization are the 1st, 2nd, 3rd split of its stream
        Rng parent = s.fixedBinarizationParent();
        for (RandomStreams.Part part : RandomStreams.Part.values()) {
            assertArrayEquals(parent.split().state(), s.fixedBinarization(part).state(), part.name());
        }
    }

    @Test
    void metricsRoundTripThroughCsv() {
        MetricsLog log = new MetricsLog();
        log.add(new EpochMetrics(1, 10, 1e-3, 0.5, -100.25, -90.125, 10.125, Double.NaN, Double.NaN, Double.NaN,
                1.5, 1234.5, 1, new double[] {10.0, 0.125}));
        log.add(new EpochMetrics(2, 20, 0.1 + 0.2, 1, -99.0, -89.0, 10.0, -98.5, -88.0, 10.5, 1.25, 999,
                2, new double[] {10.25, 0.25}));
        String csv = log.toCsv();
        assertEquals(MetricsLog.FIXED_HEADER + ",kl_dim_0,kl_dim_1\n"
                + "1,10,0.001,0.5,-100.25,-90.125,10.125,,,,1.5,1234.5,1,10.0,0.125\n"
                + "2,20,0.30000000000000004,1.0,-99.0,-89.0,10.0,-98.5,-88.0,10.5,1.25,999.0,2,10.25,0.25\n", csv);
        assertEquals(log.rows(), MetricsLog.parse(csv).rows());
        assertThrows(IllegalArgumentException.class, () -> log.add(new EpochMetrics(3, 30, 1, 1, 0, 0, 0, 0, 0, 0, 0,
                0, -1, new double[0])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parse(MetricsLog.FIXED_HEADER + "\n1,2,3\n"));
        assertTrue(e.getMessage().contains("line 2 has 3 fields"), e.getMessage());
        assertEquals(0, MetricsLog.parse(new MetricsLog().toCsv()).rows().size());
        assertEquals(-1, EpochMetrics.activeUnits(new double[0]));
        assertEquals(1, EpochMetrics.activeUnits(new double[] {0.5, 0.01, 0.0}));
    }

    @Test
    void theHintSuggestsAThirdOfTheLearningRate() {
        assertEquals("3e-4", TrainingDivergedException.suggestion(1e-3));
        assertEquals("3e-2", TrainingDivergedException.suggestion(0.1));
        assertEquals("2e-5", TrainingDivergedException.suggestion(6e-5));
        assertEquals("epoch 3, batch 41: the KL term is NaN (learning rate too high? try --lr 3e-4)",
                new TrainingDivergedException(3, 41, "the KL term", Double.NaN, 1e-3).getMessage());
    }
}
