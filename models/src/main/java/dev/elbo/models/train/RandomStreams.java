package dev.elbo.models.train;

import dev.elbo.core.Rng;

/**
 * Every random stream of a training run, derived from its one seed so that the same seed gives
 * the same numbers whatever else changes.
 *
 * <p><b>Derivation.</b> {@code root = new Rng(seed)}; then the streams are the successive
 * {@link Rng#split()}s of root, always made in this order:
 * <ol>
 *   <li>{@link #dataSplit()} — the shuffle that separates validation (and test) examples;</li>
 *   <li>{@link #initialization()} — the model's initial weights;</li>
 *   <li>{@link #fixedBinarization(Part)} — the one-off binarization of the training, validation
 *       and test sets: the 1st, 2nd and 3rd split of this stream respectively;</li>
 *   <li>{@link #shuffle()} — the minibatch order; epoch e uses its (e + 1)-th split, so the
 *       order of an epoch depends on nothing but the seed and e;</li>
 *   <li>{@link #dynamicBinarization()} — the fresh Bernoulli draws of each training minibatch;</li>
 *   <li>{@link #noise()} — the reparameterization noise ε of the training steps;</li>
 *   <li>{@link #evaluationNoise()} — the noise of every evaluation; each evaluation restarts
 *       from this stream's first state, so epochs are compared with the same ε (common random
 *       numbers) and a validation number does not depend on how many were computed before.</li>
 * </ol>
 * Each stream is used by one consumer in a fixed order, on the training thread: the thread
 * count changes none of them. The two streams that advance during training (dynamic
 * binarization, noise) are saved in every checkpoint; the others are re-derived on resumption.
 * Accessors return fresh copies, so one consumer cannot disturb another.
 */
public final class RandomStreams {

    /** The data sets that can be binarized once. */
    public enum Part { TRAIN, VALIDATION, TEST }

    private final long seed;
    private final Rng dataSplit;
    private final Rng initialization;
    private final Rng fixedBinarization;
    private final Rng shuffle;
    private final Rng dynamicBinarization;
    private final Rng noise;
    private final Rng evaluationNoise;

    private RandomStreams(long seed) {
        this.seed = seed;
        Rng root = new Rng(seed);
        dataSplit = root.split();
        initialization = root.split();
        fixedBinarization = root.split();
        shuffle = root.split();
        dynamicBinarization = root.split();
        noise = root.split();
        evaluationNoise = root.split();
    }

    /** The streams of a run with this seed. */
    public static RandomStreams of(long seed) {
        return new RandomStreams(seed);
    }

    public long seed() {
        return seed;
    }

    /** For splitting validation and test examples off ({@link dev.elbo.models.data.DataSplits}). */
    public Rng dataSplit() {
        return dataSplit.copy();
    }

    /** For the initial weights of the model. */
    public Rng initialization() {
        return initialization.copy();
    }

    /** For binarizing one part of the data once: the (ordinal + 1)-th split of the stream. */
    public Rng fixedBinarization(Part part) {
        Rng parent = fixedBinarization.copy();
        Rng child = parent.split();
        for (int i = 0; i < part.ordinal(); i++) {
            child = parent.split();
        }
        return child;
    }

    /** The stream the parts of {@link #fixedBinarization(Part)} are split from (for tests). */
    Rng fixedBinarizationParent() {
        return fixedBinarization.copy();
    }

    /** For the minibatch order (given to {@link dev.elbo.models.data.Minibatcher#shuffled}). */
    public Rng shuffle() {
        return shuffle.copy();
    }

    /** For the per-minibatch Bernoulli draws of dynamic binarization. */
    public Rng dynamicBinarization() {
        return dynamicBinarization.copy();
    }

    /** For the ε of the training steps. */
    public Rng noise() {
        return noise.copy();
    }

    /** The start of the noise of every evaluation. */
    public Rng evaluationNoise() {
        return evaluationNoise.copy();
    }
}
