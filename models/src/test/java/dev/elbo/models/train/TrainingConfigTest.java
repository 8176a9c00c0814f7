package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.models.data.Binarization;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.optim.LearningRateSchedule;
import dev.elbo.models.optim.Sgd;
import dev.elbo.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static TrainingConfig everythingChanged() {
        return TrainingConfig.defaults().toBuilder()
                .epochs(50).batchSize(64).learningRate(3e-4)
                .schedule(TrainingConfig.ScheduleConfig.cosine(1e-6, 2))
                .optimizer(TrainingConfig.OptimizerConfig.sgd(0.9, true))
                .clipNorm(10).samples(5).objective(TrainingConfig.ObjectiveKind.IWAE).beta(0.5).klWarmupEpochs(3)
                .binarization(Binarization.DYNAMIC).seed(-1234567890123L).threads(4).validationFraction(0.05)
                .validateEvery(5).outputDirectory("runs/σ² \"quoted\"")
                .build();
    }

    @Test
    void jsonRoundTripsEverySetting() {
        for (TrainingConfig c : List.of(TrainingConfig.defaults(), everythingChanged())) {
            assertEquals(c, TrainingConfig.fromJson(c.toJson()), c.toJson());
        }
        String json = everythingChanged().toJson();
        assertTrue(json.contains("\"optimizer\": {\n    \"kind\": \"sgd\""), json);
        assertTrue(json.contains("\"binarization\": \"dynamic\""), json);
        assertTrue(json.contains("\"objective\": \"iwae\""), json);
    }

    @Test
    void absentSettingsTakeTheirDefaultsAndEnumsAnyCase() {
        TrainingConfig c = TrainingConfig.fromJson("{\"epochs\": 3, \"optimizer\": {\"kind\": \"SGD\", \"momentum\": 0.5},"
                + " \"binarization\": \"Fixed\"}");
        TrainingConfig expected = TrainingConfig.defaults().toBuilder().epochs(3)
                .optimizer(new TrainingConfig.OptimizerConfig(TrainingConfig.OptimizerConfig.Kind.SGD, 0.9, 0.999, 1e-8,
                        0.5, false, 0))
                .binarization(Binarization.FIXED).build();
        assertEquals(expected, c);
        assertEquals(TrainingConfig.defaults(), TrainingConfig.fromJson("{}"));
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromJson("{\"learningRat\": 0.1}"));
        assertTrue(e.getMessage().startsWith("training config: unknown setting 'learningRat' (known: epochs, "),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromJson("{\"schedule\": {\"kind\": \"cosine\", \"flor\": 0}}"));
        assertTrue(e.getMessage().startsWith("training config: unknown setting 'schedule.flor'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("{\"epochs\": 0}"));
        assertEquals("training config: epochs must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("{\"binarization\": \"sometimes\"}"));
        assertEquals("training config: 'sometimes' is not one of [none, fixed, dynamic]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("{\"epochs\": "));
        assertTrue(e.getMessage().startsWith("training config: not valid JSON"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromJson("{\"optimizer\": {\"beta1\": 1.5}}"));
        assertTrue(e.getMessage().contains("beta1 must be in [0.0, 1.0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().toBuilder().learningRate(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().toBuilder().validationFraction(1).build());
    }

    @Test
    void resumptionMayOnlyChangeEpochsThreadsAndOutput() {
        TrainingConfig a = TrainingConfig.defaults();
        TrainingConfig b = a.toBuilder().epochs(99).threads(8).outputDirectory("elsewhere").build();
        assertEquals(List.of(), a.differencesForResume(b));
        TrainingConfig c = a.toBuilder().batchSize(7).learningRate(0.5).build();
        assertEquals(List.of("batchSize: 100 ≠ 7", "learningRate: 0.001 ≠ 0.5"), a.differencesForResume(c));
    }

    @Test
    void schedulesOptimizersAndWarmupFollowTheSettings() {
        TrainingConfig c = everythingChanged();
        LearningRateSchedule s = c.schedule().create(c.learningRate(), c.epochs(), 10);
        assertEquals(new LearningRateSchedule.Cosine(3e-4, 1e-6, 500, 20), s);
        assertEquals(new LearningRateSchedule.StepDecay(0.1, 0.5, 30),
                TrainingConfig.ScheduleConfig.step(3, 0.5).create(0.1, 9, 10));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.ScheduleConfig.cosine(0, 5).create(0.1, 5, 10));
        List<Tensor> params = List.of(Tensor.parameter("w", 1, 1));
        assertEquals(new Sgd.Settings(0.9, true, 0), ((Sgd) c.optimizer().create(params)).settings());
        assertEquals(Adam.Settings.defaults(), ((Adam) TrainingConfig.OptimizerConfig.adam().create(params)).settings());
        // KL warm-up: β·step/(3 epochs · 10 steps), then β
        assertEquals(0.0, c.klWeight(0, 10));
        assertEquals(0.5 * 15 / 30, c.klWeight(15, 10));
        assertEquals(0.5, c.klWeight(30, 10));
        assertEquals(0.5, c.klWeight(1000, 10));
        assertEquals(1.0, TrainingConfig.defaults().klWeight(0, 10));
        assertEquals(Double.POSITIVE_INFINITY, TrainingConfig.defaults().clipBound());
        assertEquals(10.0, c.clipBound());
    }
}
