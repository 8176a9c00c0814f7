package dev.elbo.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.01);
        assertEquals(0.01, s.rate(0));
        assertEquals(0.01, s.rate(1_000_000));
    }

    @Test
    void stepDecayMultipliesByTheFactorEveryIntervalOfSteps() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 0.5, 10);
        assertEquals(0.1, s.rate(0));
        assertEquals(0.1, s.rate(9));
        assertEquals(0.05, s.rate(10), 1e-17);
        assertEquals(0.05, s.rate(19), 1e-17);
        assertEquals(0.025, s.rate(20), 1e-17);
        assertEquals(0.1 * Math.pow(0.5, 7), s.rate(75), 1e-17);
    }

    @Test
    void cosineWarmsUpLinearlyThenFallsToTheFloor() {
        double lr = 1e-3, floor = 1e-5;
        LearningRateSchedule s = LearningRateSchedule.cosine(lr, floor, 110, 10);
        assertEquals(lr / 10, s.rate(0), 1e-18);
        assertEquals(lr * 5 / 10, s.rate(4), 1e-18);
        assertEquals(lr, s.rate(9), 1e-18);
        assertEquals(lr, s.rate(10), 1e-18);               // cos 0 = 1
        assertEquals((lr + floor) / 2, s.rate(60), 1e-18); // halfway: cos(π/2) = 0
        double quarter = floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * 0.25));
        assertEquals(quarter, s.rate(35), 1e-18);
        assertEquals(floor, s.rate(110), 1e-18);
        assertEquals(floor, s.rate(500), 1e-18);
        for (long t = 10; t < 110; t++) {
            assertEquals(true, s.rate(t + 1) <= s.rate(t), "decreasing after warm-up, step " + t);
        }
    }

    @Test
    void cosineWithoutWarmupStartsAtTheRate() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.2, 0.0, 4, 0);
        assertEquals(0.2, s.rate(0), 1e-17);
        assertEquals(0.1, s.rate(2), 1e-17);
        assertEquals(0.0, s.rate(4), 1e-17);
    }

    @Test
    void cosPiAgreesWithTheLibraryCosine() {
        for (int i = 0; i <= 1000; i++) {
            double p = i / 1000.0;
            assertEquals(Math.cos(Math.PI * p), LearningRateSchedule.cosPi(p), 4e-16, "p = " + p);
        }
        assertEquals(1.0, LearningRateSchedule.cosPi(0));
        assertEquals(-1.0, LearningRateSchedule.cosPi(1));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.0, 10, 10));
    }
}
