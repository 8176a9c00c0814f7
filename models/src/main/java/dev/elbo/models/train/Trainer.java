package dev.elbo.models.train;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.DataSplits;
import dev.elbo.models.data.Minibatcher;
import dev.elbo.models.optim.LearningRateSchedule;
import dev.elbo.models.optim.Optimizer;
import dev.elbo.models.vae.BoundTerms;
import dev.elbo.models.vae.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Trains an {@link Objective} by minibatch stochastic optimization, epoch by epoch, with
 * validation, metrics, checkpoints and exact resumption.
 *
 * <h2>One step</h2>
 * <ol>
 *   <li>the next minibatch x (B × D) is copied into a preallocated buffer, in the epoch's order;</li>
 *   <li>with {@link Binarization#DYNAMIC}, each value p is replaced by a Bernoulli(p) draw;</li>
 *   <li>{@code tape.reset()}; the objective records its loss −(bound) with the KL weight
 *       {@code β·min(1, step / warm-up steps)} and fills the bound's terms;</li>
 *   <li>the loss and the terms are checked finite — else a {@link TrainingDivergedException}
 *       naming the epoch, the batch and the term, before any parameter changes;</li>
 *   <li>{@code tape.backward(loss)}; the gradients are clipped to the global norm
 *       {@code clipNorm} (the norm is checked finite too);</li>
 *   <li>the optimizer steps with the scheduled learning rate and zeroes the gradients.</li>
 * </ol>
 * A step allocates nothing once warm (tape buffers, batch buffer, progress object are reused).
 *
 * <h2>After each epoch</h2>
 * The validation set (if any, every {@code validateEvery} epochs and after the last) is
 * evaluated with the same objective on a tape without gradients, KL weight 1, in sequential
 * batches (the last one smaller); its noise restarts from the same stream every time. A row is
 * added to the metrics (see {@link MetricsLog}); then, with an output directory, the checkpoint
 * {@code checkpoint.safetensors} and {@code metrics.csv} are rewritten atomically, in that
 * order. Then listeners hear of the epoch.
 *
 * <h2>Reproducibility</h2>
 * Every random number comes from {@link RandomStreams} of {@code config.seed()}. The order of
 * epoch e depends only on the seed and e; the binarization and noise streams are saved in the
 * checkpoint. So {@link #resumeFrom} a checkpoint of epoch k, then {@link #run()}, gives the
 * same parameters and metrics (timing columns aside), bit for bit, as a run that never stopped.
 * The thread count changes no stream.
 *
 * <h2>Stopping</h2>
 * {@link #requestStop()} (e.g. from a shutdown hook) lets the current batch finish, then
 * {@link #run()} returns with {@code stopped = true} without validating, checkpointing or
 * recording the partial epoch: the checkpoint on disk stays the last complete epoch, and the
 * in-memory model is then mid-epoch (resume from the checkpoint to continue).
 */
public final class Trainer {

    /** The metrics file's name in the output directory. */
    public static final String METRICS_FILE = "metrics.csv";

    private static final String NOISE_STREAM = "noise";
    private static final String BINARIZATION_STREAM = "binarization";

    private final Objective objective;
    private final TrainingConfig config;
    private final String architecture;
    private final List<Tensor> parameters;
    private final Optimizer optimizer;
    private final RandomStreams streams;
    private final DataSet train;
    private final DataSet validation; // null when there is none
    private final Minibatcher batches;
    private final Minibatcher validationBatches;
    private final LearningRateSchedule schedule;
    private final Path outputDirectory;
    private final List<TrainingListener> listeners;

    private final Rng binarizationRng;
    private final Rng noiseRng;
    private final TrainingStep step;
    private final Tape evalTape = new Tape();     // full evaluation batches
    private final Tape evalTailTape = new Tape(); // the smaller last one, so neither tape reshapes
    private final BoundTerms terms;
    private final BatchProgress progress = new BatchProgress();

    private MetricsLog metrics = new MetricsLog();
    private int epochsCompleted;
    private long steps;
    private boolean started;
    private volatile boolean stopRequested;

    // per-epoch sums, kept in fields so the step loop allocates nothing
    private double sumBound;
    private double sumReconstruction;
    private double sumKl;
    private double[] sumKlPerDimension = new double[0];
    private boolean klDimensionsKnown;
    // the step just taken, for the progress report and the epoch's metrics row
    private double lastLearningRate;
    private double lastKlWeight;
    private double lastLoss;
    private double lastGradientNorm;
    private long examplesInEpoch;

    private Trainer(Builder b) {
        this.objective = b.objective;
        this.config = b.config;
        this.architecture = b.architecture;
        this.listeners = List.copyOf(b.listeners);
        this.streams = RandomStreams.of(config.seed());

        this.parameters = List.copyOf(objective.parameters());
        Set<String> names = new HashSet<>();
        for (Tensor p : parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("Trainer: two parameters are named '" + p.name()
                        + "'; checkpoints store parameters by name");
            }
        }
        this.optimizer = config.optimizer().create(parameters);

        DataSet trainData = Objects.requireNonNull(b.train, "Trainer: no training data");
        DataSet validData = b.validation;
        if (validData == null && config.validationFraction() > 0) {
            DataSplits parts = DataSplits.byFractions(trainData, config.validationFraction(), 0, streams.dataSplit());
            trainData = parts.train();
            validData = parts.validation();
        }
        if (validData != null && validData.dimension() != trainData.dimension()) {
            throw new IllegalArgumentException("Trainer: validation set '" + validData.name() + "' has "
                    + validData.dimension() + " features, training set '" + trainData.name() + "' has "
                    + trainData.dimension());
        }
        if (config.binarization() == Binarization.DYNAMIC) {
            trainData.requireUnitInterval("dynamic binarization");
        } else {
            trainData = prepareForEvaluation(trainData, config, streams, RandomStreams.Part.TRAIN);
        }
        this.train = trainData;
        this.validation = validData == null || validData.size() == 0 ? null
                : prepareForEvaluation(validData, config, streams, RandomStreams.Part.VALIDATION);

        this.batches = Minibatcher.shuffled(train, config.batchSize(), streams.shuffle(), Minibatcher.LastBatch.DROP);
        this.validationBatches = validation == null ? null : Minibatcher.sequential(validation, config.batchSize());
        this.schedule = config.schedule().create(config.learningRate(), config.epochs(), batches.batchesPerEpoch());
        this.binarizationRng = streams.dynamicBinarization();
        this.noiseRng = streams.noise();
        this.step = new TrainingStep(objective, optimizer, config.clipBound(), noiseRng,
                config.binarization() == Binarization.DYNAMIC ? binarizationRng : null);
        this.terms = step.terms();
        this.outputDirectory = config.outputDirectory() == null ? null : Path.of(config.outputDirectory());
        evalTape.setGradEnabled(false);
        evalTailTape.setGradEnabled(false);
    }

    /**
     * A data set as the model is evaluated on it: binarized once (from the stream of
     * {@code part}) unless the configuration uses no binarization — what the validation set
     * gets, and what a test set should get.
     */
    public static DataSet prepareForEvaluation(DataSet data, TrainingConfig config, RandomStreams streams,
                                               RandomStreams.Part part) {
        return config.binarization() == Binarization.NONE ? data
                : Binarization.binarizeOnce(data, streams.fixedBinarization(part));
    }

    /** A builder for a trainer of {@code objective} under {@code config}. */
    public static Builder builder(Objective objective, TrainingConfig config) {
        return new Builder(objective, config);
    }

    /** Collects what a trainer needs besides the objective and the configuration. */
    public static final class Builder {
        private final Objective objective;
        private final TrainingConfig config;
        private DataSet train;
        private DataSet validation;
        private String architecture;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Objective objective, TrainingConfig config) {
            this.objective = Objects.requireNonNull(objective, "objective");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The examples to fit (grey levels in [0, 1] for binarization). Required. */
        public Builder trainingData(DataSet data) {
            this.train = data;
            return this;
        }

        /**
         * The examples to validate on. Without it, {@code config.validationFraction()} of the
         * training data is split off (by the data-split stream); with neither, no validation.
         */
        public Builder validationData(DataSet data) {
            this.validation = data;
            return this;
        }

        /** The model's specification (JSON text), stored in checkpoints as it is. */
        public Builder architecture(String json) {
            this.architecture = json;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }

    // ------------------------------------------------------------------------------------ resuming

    /**
     * Continues from a checkpoint: restores the parameters, the optimizer, the random streams,
     * the epoch and step counts and the metrics, after checking that the checkpoint fits this
     * model, this configuration (all settings but {@code epochs}, {@code threads} and
     * {@code outputDirectory} must be the same) and this data (the same number of batches per
     * epoch). Call before {@link #run()}. If it throws, discard this trainer.
     */
    public void resumeFrom(Path file) throws IOException, DataFormatException {
        if (started || epochsCompleted > 0) {
            throw new IllegalStateException("Trainer.resumeFrom: call it before run(), once");
        }
        Checkpoint checkpoint = Checkpoint.read(file);
        List<String> differences = checkpoint.trainingConfig().differencesForResume(config);
        if (!differences.isEmpty()) {
            throw new DataFormatException(file, "metadata 'training_config'", "the checkpoint was trained with "
                    + "other settings (checkpoint ≠ this run): " + String.join("; ", differences)
                    + " (only epochs, threads and outputDirectory may change on resumption)");
        }
        long expectedSteps = (long) checkpoint.epoch() * batches.batchesPerEpoch();
        if (checkpoint.step() != expectedSteps) {
            throw new DataFormatException(file, "metadata 'step'", checkpoint.step() + " steps in "
                    + checkpoint.epoch() + " epochs, but this training set gives " + batches.batchesPerEpoch()
                    + " batches per epoch (different data or batch size?)");
        }
        MetricsLog restoredMetrics;
        try {
            restoredMetrics = MetricsLog.parse(checkpoint.metricsCsv());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "metadata 'metrics_csv'", e.getMessage());
        }
        if (restoredMetrics.rows().size() != checkpoint.epoch()) {
            throw new DataFormatException(file, "metadata 'metrics_csv'", restoredMetrics.rows().size()
                    + " rows for " + checkpoint.epoch() + " epochs");
        }
        checkpoint.restoreParameters(parameters);
        checkpoint.restoreOptimizer(optimizer);
        checkpoint.restoreRng(NOISE_STREAM, noiseRng);
        checkpoint.restoreRng(BINARIZATION_STREAM, binarizationRng);
        epochsCompleted = checkpoint.epoch();
        steps = checkpoint.step();
        metrics = restoredMetrics;
        if (outputDirectory != null) {
            // a crash between the checkpoint and the metrics file may have left the file behind
            Files.createDirectories(outputDirectory);
            metrics.write(outputDirectory.resolve(METRICS_FILE));
        }
    }

    // ------------------------------------------------------------------------------------ training

    /** Asks {@link #run()} to stop after the current batch. Safe to call from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains from the current epoch up to {@code config.epochs()}.
     *
     * @throws TrainingDivergedException when the loss, a term or the gradient norm is not finite
     * @throws IOException               when the checkpoint or the metrics cannot be written
     */
    public TrainingResult run() throws IOException {
        started = true;
        // the kernels split their work by output rows, never by reduction index, and no random
        // stream depends on the thread count (see RandomStreams): the numbers stay the same
        Parallel.setThreads(config.threads());
        if (outputDirectory != null) {
            Files.createDirectories(outputDirectory);
        }
        int batchesPerEpoch = batches.batchesPerEpoch();
        for (TrainingListener l : listeners) {
            l.trainingStarted(epochsCompleted + 1, config.epochs(), batchesPerEpoch);
        }
        long runStart = System.nanoTime();
        long trainingNanos = 0;
        long stepsThisRun = 0;
        for (int epoch = epochsCompleted; epoch < config.epochs(); epoch++) {
            if (stopRequested) {
                return result(true);
            }
            long epochStart = System.nanoTime();
            batches.startEpoch(epoch);
            resetSums();
            while (batches.hasNext()) {
                int rows = batches.next();
                trainBatch(epoch + 1, batches.batchIndex() + 1, rows);
                stepsThisRun++;
                long now = System.nanoTime();
                long remainingSteps = (long) (config.epochs() - epoch) * batchesPerEpoch - batches.batchIndex() - 1;
                double secondsPerStep = seconds(trainingNanos + now - epochStart) / stepsThisRun;
                reportBatch(epoch + 1, batches.batchIndex() + 1, batchesPerEpoch,
                        examplesInEpoch / seconds(now - epochStart), seconds(now - runStart),
                        secondsPerStep * remainingSteps);
                if (stopRequested) {
                    return result(true);
                }
            }
            long trainingEnd = System.nanoTime();
            trainingNanos += trainingEnd - epochStart;
            finishEpoch(epoch + 1, epochStart, trainingEnd);
        }
        return result(false);
    }

    /**
     * One optimizer step on the minibatch in the batch buffer (see the class comment), leaving
     * its learning rate, KL weight, loss and gradient norm in the {@code last…} fields.
     */
    private void trainBatch(int epoch, int batch, int rows) {
        lastLearningRate = schedule.rate(steps);
        lastKlWeight = config.klWeight(steps, batches.batchesPerEpoch());
        lastLoss = step.run(batches.buffer(), rows, train.dimension(), lastLearningRate, lastKlWeight, epoch, batch);
        lastGradientNorm = step.gradientNorm();
        steps++;
        accumulate(rows);
    }

    /** Validation (when due), the metrics row, the checkpoint and metrics file, the listeners. */
    private void finishEpoch(int epoch, long epochStart, long trainingEnd) throws IOException {
        boolean validate = validation != null && (epoch % config.validateEvery() == 0 || epoch == config.epochs());
        Evaluation valid = validate ? evaluate(validation) : null;
        double[] trainKl = sumKlPerDimension.clone();
        for (int d = 0; d < trainKl.length; d++) {
            trainKl[d] /= examplesInEpoch;
        }
        double[] klPerDimension = valid != null ? valid.klPerDimension() : trainKl;
        EpochMetrics row = new EpochMetrics(epoch, steps, lastLearningRate, lastKlWeight,
                sumBound / examplesInEpoch, sumReconstruction / examplesInEpoch, sumKl / examplesInEpoch,
                valid != null ? valid.bound() : Double.NaN, valid != null ? valid.reconstruction() : Double.NaN,
                valid != null ? valid.kl() : Double.NaN, seconds(System.nanoTime() - epochStart),
                examplesInEpoch / seconds(trainingEnd - epochStart), EpochMetrics.activeUnits(klPerDimension),
                klPerDimension);
        metrics.add(row);
        epochsCompleted = epoch;
        if (outputDirectory != null) {
            // checkpoint first: after a crash between the two, resuming rewrites the metrics from it
            snapshot().write(outputDirectory.resolve(Checkpoint.FILE_NAME));
            metrics.write(outputDirectory.resolve(METRICS_FILE));
        }
        for (TrainingListener l : listeners) {
            l.epochFinished(row);
        }
    }

    private TrainingResult result(boolean stopped) {
        return new TrainingResult(epochsCompleted, (long) epochsCompleted * batches.batchesPerEpoch(), stopped,
                metrics.rows());
    }

    private void resetSums() {
        sumBound = 0;
        sumReconstruction = 0;
        sumKl = 0;
        examplesInEpoch = 0;
        java.util.Arrays.fill(sumKlPerDimension, 0);
    }

    /** Adds this batch's means, weighted by its size. */
    private void accumulate(int rows) {
        sumBound += terms.bound * rows;
        sumReconstruction += terms.reconstruction * rows;
        sumKl += terms.kl * rows;
        double[] perDim = terms.klPerDimension;
        if (perDim.length != sumKlPerDimension.length) {
            if (klDimensionsKnown) {
                throw new IllegalStateException("Trainer: the objective reported KL for " + perDim.length
                        + " dimensions, earlier for " + sumKlPerDimension.length);
            }
            sumKlPerDimension = new double[perDim.length]; // once, at the first batch
        }
        klDimensionsKnown = true;
        for (int d = 0; d < perDim.length; d++) {
            sumKlPerDimension[d] += perDim[d] * rows;
        }
        examplesInEpoch += rows;
    }

    private void reportBatch(int epoch, int batch, int batchesPerEpoch, double examplesPerSecond, double elapsed,
                             double eta) {
        if (listeners.isEmpty()) {
            return;
        }
        BatchProgress p = progress;
        p.epoch = epoch;
        p.epochs = config.epochs();
        p.batch = batch;
        p.batches = batchesPerEpoch;
        p.step = steps;
        p.learningRate = lastLearningRate;
        p.klWeight = lastKlWeight;
        p.loss = lastLoss;
        p.bound = terms.bound;
        p.reconstruction = terms.reconstruction;
        p.kl = terms.kl;
        p.gradientNorm = lastGradientNorm;
        p.examplesPerSecond = examplesPerSecond;
        p.elapsedSeconds = elapsed;
        p.etaSeconds = eta;
        for (int i = 0, n = listeners.size(); i < n; i++) {
            listeners.get(i).batchFinished(p);
        }
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) * 1e-9;
    }

    // ------------------------------------------------------------------------------------ evaluation

    /**
     * The objective's bound on every example of {@code data} (used as given: prepare a test set
     * with {@link #prepareForEvaluation}), KL weight 1, on a tape without gradients, in
     * sequential batches of the configured size. The noise restarts from the evaluation stream
     * at every call, so the same parameters give the same numbers.
     */
    public Evaluation evaluate(DataSet data) {
        if (data.dimension() != train.dimension()) {
            throw new IllegalArgumentException("Trainer.evaluate: data set '" + data.name() + "' has "
                    + data.dimension() + " features, the model takes " + train.dimension());
        }
        Minibatcher batcher = data == validation ? validationBatches : Minibatcher.sequential(data, config.batchSize());
        Rng noise = streams.evaluationNoise();
        BoundTerms t = new BoundTerms();
        double bound = 0, reconstruction = 0, kl = 0;
        double[] klPerDimension = null;
        long examples = 0;
        batcher.startEpoch(0);
        while (batcher.hasNext()) {
            int rows = batcher.next();
            Tape evaluationTape = rows == config.batchSize() ? evalTape : evalTailTape;
            evaluationTape.reset();
            Tensor x = evaluationTape.constant("x", rows, data.dimension(), batcher.buffer(), 0);
            objective.loss(evaluationTape, x, noise, 1.0, t);
            bound += t.bound * rows;
            reconstruction += t.reconstruction * rows;
            kl += t.kl * rows;
            if (klPerDimension == null) {
                klPerDimension = new double[t.klPerDimension.length];
            }
            for (int d = 0; d < klPerDimension.length; d++) {
                klPerDimension[d] += t.klPerDimension[d] * rows;
            }
            examples += rows;
        }
        for (int d = 0; d < klPerDimension.length; d++) {
            klPerDimension[d] /= examples;
        }
        return new Evaluation(bound / examples, reconstruction / examples, kl / examples, klPerDimension,
                (int) examples);
    }

    // ------------------------------------------------------------------------------------ state

    /**
     * A checkpoint of the current state: parameters, optimizer, the noise and binarization
     * streams, epochs and steps, the architecture, the configuration and the metrics.
     */
    public Checkpoint snapshot() {
        Map<String, Rng> rngs = new LinkedHashMap<>();
        rngs.put(NOISE_STREAM, noiseRng);
        rngs.put(BINARIZATION_STREAM, binarizationRng);
        return Checkpoint.capture(parameters, optimizer, rngs, epochsCompleted, steps, architecture, config,
                metrics.toCsv());
    }

    public TrainingConfig config() {
        return config;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public RandomStreams streams() {
        return streams;
    }

    /** The training set as trained on (after the validation split and any fixed binarization). */
    public DataSet trainingData() {
        return train;
    }

    /** The validation set as evaluated (binarized once when binarization is on), or null. */
    public DataSet validationData() {
        return validation;
    }

    public int batchesPerEpoch() {
        return batches.batchesPerEpoch();
    }

    /** Epochs completed (restored ones included). */
    public int epochsCompleted() {
        return epochsCompleted;
    }

    /** Optimizer steps taken (restored ones included). */
    public long steps() {
        return steps;
    }

    /** The metrics of the completed epochs. */
    public List<EpochMetrics> history() {
        return metrics.rows();
    }
}
