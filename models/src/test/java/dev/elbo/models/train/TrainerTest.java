package dev.elbo.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.vae.BoundTerms;
import dev.elbo.models.vae.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path dir;

    private static Trainer trainer(TinyVae model, TrainingConfig config, DataSet data, TrainingListener... listeners) {
        Trainer.Builder b = Trainer.builder(model, config).trainingData(data).architecture(model.architecture());
        for (TrainingListener l : listeners) b.listener(l);
        return b.build();
    }

    private static List<EpochMetrics> withoutTiming(List<EpochMetrics> rows) {
        List<EpochMetrics> out = new ArrayList<>();
        for (EpochMetrics m : rows) out.add(m.withoutTiming());
        return out;
    }

    // ------------------------------------------------------------------------------- learning

    @Test
    void aShortTrainingImprovesTheValidationBound() throws Exception {
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(8).batchSize(20).learningRate(0.02)
                .seed(3).validationFraction(0.25).build();
        DataSet data = TrainingFixtures.bars(400, 3);
        TinyVae model = TrainingFixtures.model(config, data.dimension(), 12);
        Trainer t = trainer(model, config, data);
        assertEquals(300, t.trainingData().size());
        assertEquals(100, t.validationData().size());
        double untrained = t.evaluate(t.validationData()).bound();
        TrainingResult r = t.run();
        assertEquals(8, r.epochsCompleted());
        assertFalse(r.stopped());
        double first = r.history().get(0).validBound();
        double last = r.last().validBound();
        // 25 binary pixels: an untrained model sits near 25·log 2 ≈ 17 nats below 0
        assertTrue(last > untrained + 5 && last > first, "validation bound " + untrained + " → " + first + " → " + last);
        assertTrue(r.last().trainBound() > r.history().get(0).trainBound());
        // the validation numbers are the evaluation of the final parameters
        Evaluation again = t.evaluate(t.validationData());
        assertEquals(last, again.bound());
        assertEquals(again.reconstruction() - again.kl(), again.bound(), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameCurveBitForBit() throws Exception {
        TrainingConfig config = TrainingFixtures.busyConfig(3, null);
        DataSet data = TrainingFixtures.greyBars(200, 1);
        TinyVae a = TrainingFixtures.model(config, 25, 8);
        TinyVae b = TrainingFixtures.model(config, 25, 8);
        List<EpochMetrics> curveA = trainer(a, config, data).run().history();
        List<EpochMetrics> curveB = trainer(b, config, data).run().history();
        assertEquals(withoutTiming(curveA), withoutTiming(curveB));
        assertArrayEquals(a.flatParameters(), b.flatParameters());
        // and another seed gives another curve
        TrainingConfig other = config.toBuilder().seed(43).build();
        TinyVae c = TrainingFixtures.model(other, 25, 8);
        assertFalse(withoutTiming(curveA).equals(withoutTiming(trainer(c, other, data).run().history())));
    }

    // ------------------------------------------------------------------------------- resumption

    /** Stops the run (gracefully) once epoch {@code after} is finished. */
    private static TrainingListener stopAfterEpoch(Trainer[] trainer, int after) {
        return new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics m) {
                if (m.epoch() == after) trainer[0].requestStop();
            }
        };
    }

    @Test
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        DataSet data = TrainingFixtures.greyBars(240, 7);
        Path straightDir = dir.resolve("straight");
        Path interruptedDir = dir.resolve("interrupted");

        TrainingConfig straight = TrainingFixtures.busyConfig(4, straightDir.toString());
        TinyVae reference = TrainingFixtures.model(straight, 25, 10);
        TrainingResult full = trainer(reference, straight, data).run();

        // the same run, stopped after epoch 2 …
        TrainingConfig config = TrainingFixtures.busyConfig(4, interruptedDir.toString());
        Trainer[] first = new Trainer[1];
        first[0] = trainer(TrainingFixtures.model(config, 25, 10), config, data, stopAfterEpoch(first, 2));
        TrainingResult half = first[0].run();
        assertTrue(half.stopped());
        assertEquals(2, half.epochsCompleted());

        // … and resumed by a fresh process: new model (its own initial weights), new trainer
        TinyVae resumed = new TinyVae(25, 10, 3, new Rng(999));
        Trainer second = trainer(resumed, config, data);
        second.resumeFrom(interruptedDir.resolve(Checkpoint.FILE_NAME));
        assertEquals(2, second.epochsCompleted());
        TrainingResult rest = second.run();

        assertArrayEquals(reference.flatParameters(), resumed.flatParameters(), "parameters after 4 epochs");
        assertEquals(withoutTiming(full.history()), withoutTiming(rest.history()));
        assertEquals(csvWithoutTiming(straightDir.resolve(Trainer.METRICS_FILE)),
                csvWithoutTiming(interruptedDir.resolve(Trainer.METRICS_FILE)));
        // and the final checkpoints hold the same parameters and optimizer state
        Checkpoint a = Checkpoint.read(straightDir.resolve(Checkpoint.FILE_NAME));
        Checkpoint b = Checkpoint.read(interruptedDir.resolve(Checkpoint.FILE_NAME));
        assertEquals(a.contents().tensors(), b.contents().tensors());
    }

    @Test
    void trainingCanBeExtendedFromTheCheckpointOfAShorterRun() throws Exception {
        // a schedule that does not depend on the number of epochs: 2 epochs then 2 more = 4 epochs
        DataSet data = TrainingFixtures.greyBars(160, 9);
        TrainingConfig four = TrainingFixtures.busyConfig(4, dir.resolve("a").toString()).toBuilder()
                .schedule(TrainingConfig.ScheduleConfig.step(1, 0.7)).build();
        TinyVae reference = TrainingFixtures.model(four, 25, 6);
        TrainingResult full = trainer(reference, four, data).run();

        TrainingConfig two = four.toBuilder().epochs(2).outputDirectory(dir.resolve("b").toString()).build();
        trainer(TrainingFixtures.model(two, 25, 6), two, data).run();
        TrainingConfig more = four.toBuilder().outputDirectory(dir.resolve("b").toString()).threads(2).build();
        TinyVae resumed = TrainingFixtures.model(more, 25, 6);
        Trainer t = trainer(resumed, more, data);
        t.resumeFrom(dir.resolve("b").resolve(Checkpoint.FILE_NAME));
        TrainingResult rest = t.run();
        assertArrayEquals(reference.flatParameters(), resumed.flatParameters());
        assertEquals(withoutTiming(full.history()), withoutTiming(rest.history()));
    }

    /** The lines of a metrics file with the seconds and examples_per_second columns removed. */
    private static List<String> csvWithoutTiming(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < f.length; i++) if (i != 10 && i != 11) kept.add(f[i]);
            out.add(String.join(",", kept));
        }
        return out;
    }

    @Test
    void resumingRefusesAnotherConfigurationOrAnotherModel() throws Exception {
        DataSet data = TrainingFixtures.bars(100, 2);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(1).batchSize(10).seed(5)
                .outputDirectory(dir.toString()).build();
        trainer(TrainingFixtures.model(config, 25, 6), config, data).run();
        Path file = dir.resolve(Checkpoint.FILE_NAME);

        TrainingConfig otherBatch = config.toBuilder().batchSize(12).epochs(2).build();
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> trainer(TrainingFixtures.model(config, 25, 6), otherBatch, data).resumeFrom(file));
        assertTrue(e.getMessage().contains("batchSize: 10 ≠ 12"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": metadata 'training_config': "), e.getMessage());

        TinyVae wider = new TinyVae(25, 7, 3, new Rng(1));
        double[] before = wider.flatParameters();
        e = assertThrows(DataFormatException.class, () -> trainer(wider, config, data).resumeFrom(file));
        assertEquals(file + ": does not fit the model: tensor 'encoder.dense0.w' has shape [25, 6], the model's is "
                + "[25, 7]; tensor 'encoder.dense0.b' has shape [1, 6], the model's is [1, 7]; tensor 'encoder.mu.w' "
                + "has shape [6, 3], the model's is [7, 3]; tensor 'encoder.logVar.w' has shape [6, 3], the model's is "
                + "[7, 3]", e.getMessage());
        assertArrayEquals(before, wider.flatParameters(), "nothing loaded");

        TrainingConfig otherData = config.toBuilder().epochs(2).build();
        e = assertThrows(DataFormatException.class, () -> trainer(TrainingFixtures.model(config, 25, 6), otherData,
                TrainingFixtures.bars(150, 2)).resumeFrom(file));
        assertTrue(e.getMessage().contains("but this training set gives 13 batches per epoch"), e.getMessage());
    }

    // ------------------------------------------------------------------------------- stopping and divergence

    /** Reports a NaN KL term at one call, otherwise the model's own values. */
    private static final class NanAt implements Objective {
        final TinyVae model;
        final int badCall;
        int calls;
        double[] parametersAtFault;

        NanAt(TinyVae model, int badCall) {
            this.model = model;
            this.badCall = badCall;
        }

        @Override
        public Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
            Tensor loss = model.loss(tape, x, rng, klWeight, terms);
            if (tape.isGradEnabled() && ++calls == badCall) {
                terms.kl = Double.NaN;
                parametersAtFault = model.flatParameters();
            }
            return loss;
        }

        @Override
        public List<Tensor> parameters() {
            return model.parameters();
        }
    }

    @Test
    void aNanTermStopsTrainingNamingEpochBatchAndTerm() throws Exception {
        DataSet data = TrainingFixtures.bars(100, 4);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(3).batchSize(10).learningRate(1e-3)
                .validationFraction(0).outputDirectory(dir.toString()).build();
        TinyVae model = TrainingFixtures.model(config, 25, 5);
        NanAt objective = new NanAt(model, 10 + 7); // epoch 2, batch 7
        Trainer t = Trainer.builder(objective, config).trainingData(data).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::run);
        assertEquals("epoch 2, batch 7: the KL term is NaN (learning rate too high? try --lr 3e-4)", e.getMessage());
        assertEquals(2, e.epoch());
        assertEquals(7, e.batch());
        assertEquals("the KL term", e.term());
        assertArrayEquals(objective.parametersAtFault, model.flatParameters(), "no step was taken with the NaN");
        assertEquals(1, Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME)).epoch(), "the last complete checkpoint stays");
    }

    @Test
    void aNanGradientIsCaughtBeforeTheStep() {
        DataSet data = TrainingFixtures.bars(40, 4);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(1).batchSize(10).validationFraction(0)
                .learningRate(0.1).build();
        TinyVae model = TrainingFixtures.model(config, 25, 5);
        Objective poisoned = new Objective() {
            @Override
            public Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
                Tensor loss = model.loss(tape, x, rng, klWeight, terms);
                model.wDec.grad()[3] = Double.POSITIVE_INFINITY; // backward adds to it: stays infinite
                return loss;
            }

            @Override
            public List<Tensor> parameters() {
                return model.parameters();
            }
        };
        double[] before = model.flatParameters();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(poisoned, config).trainingData(data).build().run());
        assertEquals("epoch 1, batch 1: the gradient norm is Infinity (learning rate too high? try --lr 3e-2)",
                e.getMessage());
        assertArrayEquals(before, model.flatParameters());
    }

    @Test
    void aStopRequestFinishesTheBatchAndKeepsTheLastCompleteCheckpoint() throws Exception {
        DataSet data = TrainingFixtures.bars(100, 6);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(5).batchSize(10).validationFraction(0)
                .outputDirectory(dir.toString()).build();
        Trainer[] t = new Trainer[1];
        List<Long> steps = new ArrayList<>();
        t[0] = trainer(TrainingFixtures.model(config, 25, 5), config, data, new TrainingListener() {
            @Override
            public void batchFinished(BatchProgress p) {
                steps.add(p.step());
                if (p.epoch() == 2 && p.batch() == 4) t[0].requestStop();
            }
        });
        TrainingResult r = t[0].run();
        assertTrue(r.stopped());
        assertEquals(1, r.epochsCompleted());
        assertEquals(14, steps.size(), "the batch in progress finishes, no further one starts");
        assertEquals(1, Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME)).epoch());
        assertEquals(2, Files.readAllLines(dir.resolve(Trainer.METRICS_FILE)).size(), "header and epoch 1");
    }

    // ------------------------------------------------------------------------------- reporting

    @Test
    void listenersHearEveryBatchAndEpoch() throws Exception {
        DataSet data = TrainingFixtures.bars(60, 8);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(2).batchSize(10).validationFraction(0)
                .klWarmupEpochs(1).beta(2.0).build();
        List<String> events = new ArrayList<>();
        trainer(TrainingFixtures.model(config, 25, 4), config, data, new TrainingListener() {
            @Override
            public void trainingStarted(int firstEpoch, int epochs, int batchesPerEpoch) {
                events.add("start " + firstEpoch + "/" + epochs + " x" + batchesPerEpoch);
            }

            @Override
            public void batchFinished(BatchProgress p) {
                assertTrue(p.etaSeconds() >= 0 && p.examplesPerSecond() > 0 && p.gradientNorm() > 0);
                assertEquals(p.bound(), p.reconstruction() - p.kl(), 1e-12);
                events.add(p.epoch() + "." + p.batch() + "/" + p.batches() + " step " + p.step() + " w "
                        + p.klWeight());
            }

            @Override
            public void epochFinished(EpochMetrics m) {
                events.add("epoch " + m.epoch());
            }
        }).run();
        assertEquals("start 1/2 x6", events.get(0));
        assertEquals("1.1/6 step 1 w 0.0", events.get(1));                       // warm-up starts at 0
        assertEquals("1.4/6 step 4 w " + 2.0 * 3 / 6, events.get(4));           // β·step/(warm-up steps)
        assertEquals("epoch 1", events.get(7));
        assertEquals("2.1/6 step 7 w 2.0", events.get(8));                       // β once warmed up
        assertEquals("epoch 2", events.get(14));
        assertEquals(15, events.size());
    }

    @Test
    void metricsCsvHasOneRowPerEpochWithTheDocumentedColumns() throws Exception {
        DataSet data = TrainingFixtures.bars(125, 10);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(3).batchSize(20).validationFraction(0.2)
                .validateEvery(2).schedule(TrainingConfig.ScheduleConfig.step(1, 0.5)).learningRate(0.01)
                .outputDirectory(dir.toString()).build();
        Trainer t = trainer(TrainingFixtures.model(config, 25, 4), config, data);
        TrainingResult r = t.run();
        List<String> lines = Files.readAllLines(dir.resolve(Trainer.METRICS_FILE));
        assertEquals("epoch,step,lr,kl_weight,train_bound,train_rec,train_kl,valid_bound,valid_rec,valid_kl,seconds,"
                + "examples_per_second,active_units,kl_dim_0,kl_dim_1,kl_dim_2", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 1; e <= 3; e++) {
            String[] f = lines.get(e).split(",", -1);
            assertEquals(16, f.length);
            assertEquals(Integer.toString(e), f[0]);
            assertEquals(Long.toString(5L * e), f[1], "100 training examples / 20 = 5 steps per epoch");
            assertEquals(0.01 * Math.pow(0.5, e - 1), Double.parseDouble(f[2]), 1e-18, "lr of the last step");
            assertEquals("1.0", f[3]);
            double bound = Double.parseDouble(f[4]), rec = Double.parseDouble(f[5]), kl = Double.parseDouble(f[6]);
            assertEquals(rec - kl, bound, 1e-12);
            assertEquals(e == 2 || e == 3, !f[7].isEmpty(), "validated every 2 epochs and after the last");
            assertTrue(Double.parseDouble(f[10]) > 0 && Double.parseDouble(f[11]) > 0);
            double klSum = 0;
            for (int d = 0; d < 3; d++) klSum += Double.parseDouble(f[13 + d]);
            double klColumn = f[9].isEmpty() ? kl : Double.parseDouble(f[9]);
            assertEquals(klColumn, klSum, 1e-9, "KL per dimension sums to the KL");
            assertEquals(Double.toString(r.history().get(e - 1).trainBound()), f[4], "written exactly");
        }
        assertEquals(MetricsLog.parse(String.join("\n", lines) + "\n").rows(), r.history());
    }

    @Test
    void fixedBinarizationBinarizesTrainingAndValidationOnce() {
        DataSet grey = TrainingFixtures.greyBars(50, 1);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(1).batchSize(10)
                .binarization(Binarization.FIXED).validationFraction(0.2).build();
        Trainer t = trainer(TrainingFixtures.model(config, 25, 4), config, grey);
        for (double v : t.trainingData().data()) assertTrue(v == 0 || v == 1);
        for (double v : t.validationData().data()) assertTrue(v == 0 || v == 1);
        Trainer again = trainer(TrainingFixtures.model(config, 25, 4), config, grey);
        assertTrue(t.trainingData().sameContent(again.trainingData()));
        // dynamic: the training data stays grey, the validation data is binarized once
        TrainingConfig dynamic = config.toBuilder().binarization(Binarization.DYNAMIC).build();
        Trainer d = trainer(TrainingFixtures.model(dynamic, 25, 4), dynamic, grey);
        assertEquals(0.85, max(d.trainingData().data()));
        for (double v : d.validationData().data()) assertTrue(v == 0 || v == 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(
                TrainingFixtures.model(dynamic, 25, 4), dynamic, DataSet.of("big", 20, 25, fill(500, 2.0))));
        assertTrue(e.getMessage().contains("outside [0, 1], which dynamic binarization needs"), e.getMessage());
    }

    @Test
    void dynamicBinarizationDrawsAFreshBinaryBatchEachStep() throws Exception {
        DataSet grey = TrainingFixtures.greyBars(200, 3);
        TrainingConfig config = TrainingConfig.defaults().toBuilder().epochs(4).batchSize(200).validationFraction(0)
                .binarization(Binarization.DYNAMIC).build();
        TinyVae model = TrainingFixtures.model(config, 25, 4);
        List<Double> totals = new ArrayList<>();
        Objective watcher = new Objective() {
            @Override
            public Tensor loss(Tape tape, Tensor x, Rng rng, double klWeight, BoundTerms terms) {
                double total = 0;
                for (double v : x.value()) {
                    assertTrue(v == 0 || v == 1, "binary training values, got " + v);
                    total += v;
                }
                totals.add(total);
                return model.loss(tape, x, rng, klWeight, terms);
            }

            @Override
            public List<Tensor> parameters() {
                return model.parameters();
            }
        };
        Trainer.builder(watcher, config).trainingData(grey).build().run();
        double greyTotal = 0;
        for (double v : grey.data()) greyTotal += v;
        assertEquals(4, totals.size());
        assertEquals(4, new java.util.HashSet<>(totals).size(), "fresh draws each step: " + totals);
        for (double t : totals) {
            // a sum of 5000 Bernoulli draws: within 5 standard deviations (≤ 0.5·√5000 ≈ 35) of its mean
            assertEquals(greyTotal, t, 5 * 0.5 * Math.sqrt(grey.data().length), "total " + t);
        }
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
