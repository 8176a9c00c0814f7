package dev.elbo.models.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.elbo.autodiff.Tensor;
import dev.elbo.models.data.Binarization;
import dev.elbo.models.optim.Adam;
import dev.elbo.models.optim.LearningRateSchedule;
import dev.elbo.models.optim.Optimizer;
import dev.elbo.models.optim.Sgd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides how a model is trained, stored as JSON in every checkpoint so a run
 * can be resumed (and reproduced) from the file alone.
 *
 * @param epochs             passes over the training set
 * @param batchSize          examples per minibatch; a last partial batch is dropped each epoch
 * @param learningRate       η, the peak learning rate of the schedule
 * @param schedule           how η changes over the steps
 * @param optimizer          the algorithm and its settings
 * @param clipNorm           cap on the global gradient norm, 0 = no clipping
 * @param samples            K, Monte Carlo samples per example (importance samples for IWAE)
 * @param objective          which bound is maximized
 * @param beta               β, the weight of the KL term (1 = the plain bound)
 * @param klWarmupEpochs     the KL weight grows linearly from 0 to β over this many epochs
 *                           (step by step); 0 = β from the start
 * @param binarization       what is done to grey-level data (see {@link Binarization})
 * @param seed               the seed every random stream derives from (see {@link RandomStreams})
 * @param threads            worker threads for the kernels; does not change any number
 * @param validationFraction part of the training data held out for validation when no
 *                           validation set is given (0 = none)
 * @param validateEvery      validate every this many epochs (and always after the last)
 * @param outputDirectory    where {@code checkpoint.safetensors} and {@code metrics.csv} go;
 *                           null = write nothing
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        double learningRate,
        ScheduleConfig schedule,
        OptimizerConfig optimizer,
        double clipNorm,
        int samples,
        ObjectiveKind objective,
        double beta,
        int klWarmupEpochs,
        Binarization binarization,
        long seed,
        int threads,
        double validationFraction,
        int validateEvery,
        String outputDirectory) {

    /** The bound a VAE is trained on. */
    public enum ObjectiveKind {
        /** The evidence lower bound, averaged over K samples, with the KL in closed form. */
        ELBO,
        /**
         * The same bound with the KL estimated from the samples, E_q[log q(z|x) − log p(z)], as
         * the lecture writes it: unbiased too, with more variance.
         */
        ELBO_MC_KL,
        /** The importance-weighted bound with K samples. */
        IWAE
    }

    /**
     * The learning rate schedule, durations in epochs.
     *
     * @param kind             constant, step decay or cosine
     * @param decayEveryEpochs step decay: epochs between two multiplications by {@code decayFactor}
     * @param decayFactor      step decay: γ
     * @param floor            cosine: the final rate η_min
     * @param warmupEpochs     cosine: epochs of linear warm-up from η/W to η
     */
    public record ScheduleConfig(Kind kind, int decayEveryEpochs, double decayFactor, double floor, int warmupEpochs) {

        public enum Kind {
            CONSTANT,
            STEP,
            COSINE
        }

        public ScheduleConfig {
            Objects.requireNonNull(kind, "schedule kind");
            require(decayEveryEpochs >= 1, "schedule.decayEveryEpochs must be >= 1, got " + decayEveryEpochs);
            require(decayFactor > 0 && decayFactor < Double.POSITIVE_INFINITY,
                    "schedule.decayFactor must be finite and > 0, got " + decayFactor);
            require(floor >= 0 && floor < Double.POSITIVE_INFINITY, "schedule.floor must be finite and >= 0, got " + floor);
            require(warmupEpochs >= 0, "schedule.warmupEpochs must be >= 0, got " + warmupEpochs);
        }

        /** η throughout. */
        public static ScheduleConfig constant() {
            return new ScheduleConfig(Kind.CONSTANT, 1, 0.5, 0, 0);
        }

        /** η·γ^⌊epoch / every⌋. */
        public static ScheduleConfig step(int everyEpochs, double factor) {
            return new ScheduleConfig(Kind.STEP, everyEpochs, factor, 0, 0);
        }

        /** Linear warm-up over {@code warmupEpochs}, then cosine down to {@code floor} at the last step. */
        public static ScheduleConfig cosine(double floor, int warmupEpochs) {
            return new ScheduleConfig(Kind.COSINE, 1, 0.5, floor, warmupEpochs);
        }

        /** The schedule in steps, for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
        public LearningRateSchedule create(double learningRate, int epochs, int stepsPerEpoch) {
            switch (kind) {
                case CONSTANT:
                    return LearningRateSchedule.constant(learningRate);
                case STEP:
                    return LearningRateSchedule.stepDecay(learningRate, decayFactor, (long) decayEveryEpochs * stepsPerEpoch);
                default:
                    if (warmupEpochs >= epochs) {
                        throw new IllegalArgumentException("cosine schedule: " + warmupEpochs
                                + " warm-up epochs leave nothing of " + epochs + " epochs");
                    }
                    if (floor > learningRate) {
                        throw new IllegalArgumentException("cosine schedule: the floor " + floor
                                + " is above the learning rate " + learningRate);
                    }
                    return LearningRateSchedule.cosine(learningRate, floor, (long) epochs * stepsPerEpoch,
                            (long) warmupEpochs * stepsPerEpoch);
            }
        }
    }

    /**
     * The optimizer and its settings (those of the other algorithm are kept but unused).
     *
     * @param kind        Adam or SGD
     * @param beta1       Adam's β₁
     * @param beta2       Adam's β₂
     * @param epsilon     Adam's ε
     * @param momentum    SGD's μ (0 = plain SGD)
     * @param nesterov    SGD: Nesterov momentum
     * @param weightDecay λ: decoupled for Adam (AdamW), L2 for SGD; 0 = none
     */
    public record OptimizerConfig(Kind kind, double beta1, double beta2, double epsilon, double momentum,
                                  boolean nesterov, double weightDecay) {

        public enum Kind {
            ADAM,
            SGD
        }

        public OptimizerConfig {
            Objects.requireNonNull(kind, "optimizer kind");
            // the algorithms check their own ranges; fail here, when the configuration is made
            new Adam.Settings(beta1, beta2, epsilon, weightDecay);
            new Sgd.Settings(momentum, nesterov, weightDecay);
        }

        /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay. */
        public static OptimizerConfig adam() {
            return new OptimizerConfig(Kind.ADAM, 0.9, 0.999, 1e-8, 0.9, false, 0);
        }

        /** SGD with momentum μ. */
        public static OptimizerConfig sgd(double momentum, boolean nesterov) {
            return new OptimizerConfig(Kind.SGD, 0.9, 0.999, 1e-8, momentum, nesterov, 0);
        }

        /** A fresh optimizer over these parameters. */
        public Optimizer create(List<Tensor> parameters) {
            return kind == Kind.ADAM
                    ? new Adam(parameters, new Adam.Settings(beta1, beta2, epsilon, weightDecay))
                    : new Sgd(parameters, new Sgd.Settings(momentum, nesterov, weightDecay));
        }
    }

    /** Checks every field. */
    public TrainingConfig {
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY,
                "learningRate must be finite and > 0, got " + learningRate);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(optimizer, "optimizer");
        require(clipNorm >= 0 && clipNorm < Double.POSITIVE_INFINITY, "clipNorm must be finite and >= 0 (0 = off), got "
                + clipNorm);
        require(samples >= 1, "samples must be >= 1, got " + samples);
        Objects.requireNonNull(objective, "objective");
        require(beta >= 0 && beta < Double.POSITIVE_INFINITY, "beta must be finite and >= 0, got " + beta);
        require(klWarmupEpochs >= 0, "klWarmupEpochs must be >= 0, got " + klWarmupEpochs);
        Objects.requireNonNull(binarization, "binarization");
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1), got "
                + validationFraction);
        require(validateEvery >= 1, "validateEvery must be >= 1, got " + validateEvery);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("training config: " + message);
        }
    }

    /**
     * 10 epochs of batches of 100, Adam at η = 1e-3 constant, no clipping, the ELBO with one
     * sample, β = 1 without warm-up, no binarization, seed 1, one thread, 10% validation checked
     * every epoch, no output directory.
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 100, 1e-3, ScheduleConfig.constant(), OptimizerConfig.adam(), 0, 1,
                ObjectiveKind.ELBO, 1.0, 0, Binarization.NONE, 1, 1, 0.1, 1, null);
    }

    /** The KL weight before update number {@code step}: β·min(1, step / (warm-up epochs · steps per epoch)). */
    public double klWeight(long step, int stepsPerEpoch) {
        if (klWarmupEpochs == 0) {
            return beta;
        }
        double warmupSteps = (double) klWarmupEpochs * stepsPerEpoch;
        return beta * Math.min(1.0, step / warmupSteps);
    }

    /** The clipping bound for {@link dev.elbo.models.optim.GradientClipping}: +∞ when off. */
    public double clipBound() {
        return clipNorm == 0 ? Double.POSITIVE_INFINITY : clipNorm;
    }

    // ------------------------------------------------------------------------------------ JSON

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapterFactory(new LowerCaseEnums()).create();

    /** Enums as lower-case names ({@code "adam"}), read in any case, an unknown name refused with the known ones. */
    private static final class LowerCaseEnums implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!raw.isEnum()) {
                return null;
            }
            Object[] constants = raw.getEnumConstants();
            return (TypeAdapter<T>) new TypeAdapter<Object>() {
                @Override
                public void write(JsonWriter out, Object value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(((Enum) value).name().toLowerCase(Locale.ROOT));
                    }
                }

                @Override
                public Object read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    String name = in.nextString();
                    List<String> known = new ArrayList<>();
                    for (Object c : constants) {
                        String n = ((Enum) c).name().toLowerCase(Locale.ROOT);
                        if (n.equalsIgnoreCase(name)) {
                            return c;
                        }
                        known.add(n);
                    }
                    throw new IllegalArgumentException("training config: '" + name + "' is not one of " + known);
                }
            };
        }
    }

    /** The configuration as JSON (field names as in this record; enums lower case). */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * A configuration from JSON. Settings that are absent take their {@link #defaults()} value,
     * so a file only needs what it changes; an unknown setting is an error (a typo would
     * otherwise be silently ignored).
     *
     * @throws IllegalArgumentException naming the unknown or invalid setting
     */
    public static TrainingConfig fromJson(String json) {
        JsonElement given;
        try {
            given = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("training config: not valid JSON: " + rootMessage(e));
        }
        if (!given.isJsonObject()) {
            throw new IllegalArgumentException("training config: expected a JSON object, found " + given);
        }
        JsonObject merged = GSON.toJsonTree(defaults()).getAsJsonObject();
        overlay(merged, given.getAsJsonObject(), "");
        try {
            return GSON.fromJson(merged, TrainingConfig.class);
        } catch (RuntimeException e) {
            // the records' own checks arrive wrapped by Gson's reflection
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
                if (root instanceof IllegalArgumentException && root.getMessage() != null
                        && root.getMessage().startsWith("training config")) {
                    throw (IllegalArgumentException) root;
                }
            }
            if (e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith("training config")) {
                throw e;
            }
            throw new IllegalArgumentException("training config: " + rootMessage(e), e);
        }
    }

    /** Copies the entries of {@code given} into {@code base}, recursively; unknown keys are errors. */
    private static void overlay(JsonObject base, JsonObject given, String prefix) {
        for (Map.Entry<String, JsonElement> e : given.entrySet()) {
            String key = e.getKey();
            if (!base.has(key) && !(prefix.isEmpty() && key.equals("outputDirectory"))) {
                throw new IllegalArgumentException("training config: unknown setting '" + prefix + key + "' (known: "
                        + String.join(", ", base.keySet()) + ")");
            }
            JsonElement old = base.get(key);
            if (old != null && old.isJsonObject() && e.getValue().isJsonObject()) {
                overlay(old.getAsJsonObject(), e.getValue().getAsJsonObject(), prefix + key + ".");
            } else {
                base.add(key, e.getValue());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The top-level settings in which {@code other} differs from this configuration, ignoring
     * those that may change when a run is resumed: {@code epochs} (to train longer),
     * {@code threads} and {@code outputDirectory}, which change no number. E.g.
     * {@code ["batchSize: 100 ≠ 64"]}.
     */
    public List<String> differencesForResume(TrainingConfig other) {
        JsonObject a = GSON.toJsonTree(this).getAsJsonObject();
        JsonObject b = GSON.toJsonTree(other).getAsJsonObject();
        List<String> out = new ArrayList<>();
        for (String key : a.keySet()) {
            if (key.equals("epochs") || key.equals("threads") || key.equals("outputDirectory")) {
                continue;
            }
            if (!Objects.equals(a.get(key), b.get(key))) {
                out.add(key + ": " + a.get(key) + " ≠ " + b.get(key));
            }
        }
        return out;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some settings of a configuration; {@link #build()} checks them all. */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private double learningRate;
        private ScheduleConfig schedule;
        private OptimizerConfig optimizer;
        private double clipNorm;
        private int samples;
        private ObjectiveKind objective;
        private double beta;
        private int klWarmupEpochs;
        private Binarization binarization;
        private long seed;
        private int threads;
        private double validationFraction;
        private int validateEvery;
        private String outputDirectory;

        private Builder(TrainingConfig c) {
            epochs = c.epochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            schedule = c.schedule;
            optimizer = c.optimizer;
            clipNorm = c.clipNorm;
            samples = c.samples;
            objective = c.objective;
            beta = c.beta;
            klWarmupEpochs = c.klWarmupEpochs;
            binarization = c.binarization;
            seed = c.seed;
            threads = c.threads;
            validationFraction = c.validationFraction;
            validateEvery = c.validateEvery;
            outputDirectory = c.outputDirectory;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder schedule(ScheduleConfig v) { schedule = v; return this; }
        public Builder optimizer(OptimizerConfig v) { optimizer = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder samples(int v) { samples = v; return this; }
        public Builder objective(ObjectiveKind v) { objective = v; return this; }
        public Builder beta(double v) { beta = v; return this; }
        public Builder klWarmupEpochs(int v) { klWarmupEpochs = v; return this; }
        public Builder binarization(Binarization v) { binarization = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder validateEvery(int v) { validateEvery = v; return this; }
        public Builder outputDirectory(String v) { outputDirectory = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, learningRate, schedule, optimizer, clipNorm, samples,
                    objective, beta, klWarmupEpochs, binarization, seed, threads, validationFraction,
                    validateEvery, outputDirectory);
        }
    }
}
