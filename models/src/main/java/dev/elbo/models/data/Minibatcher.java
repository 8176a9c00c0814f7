package dev.elbo.models.data;

import dev.elbo.core.Rng;
import java.util.Objects;

/**
 * Cuts a data set into minibatches, epoch after epoch, into one preallocated buffer.
 *
 * <pre>{@code
 * Minibatcher batches = Minibatcher.shuffled(train, 100, shuffleStream, Minibatcher.LastBatch.DROP);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     while (batches.hasNext()) {
 *         int rows = batches.next();          // batches.buffer() now holds rows × D values
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> In shuffled mode, the order of epoch e is a uniform random permutation drawn
 * by a generator made only from the shuffle stream given at construction and e: the (e + 1)-th
 * {@link Rng#split() split} of a copy of that stream. It does not depend on earlier epochs, on
 * other random streams, or on whether the run was resumed, so a run restarted at epoch e sees
 * the same batches. In sequential mode the order is 0, 1, …, n − 1 (for evaluation).
 *
 * <p><b>Last partial batch.</b> When the batch size does not divide n, {@link LastBatch#DROP}
 * leaves the last n mod B examples of each epoch's order out (the default for training: every
 * step then has the same shape and the same weight, and reshuffling puts the dropped examples
 * into other batches next epoch); {@link LastBatch#KEEP} returns them as a smaller batch (for
 * evaluation, where every example must count).
 *
 * <p>{@link #next()} copies rows into the buffer and allocates nothing; starting an epoch
 * allocates a few generator objects.
 */
public final class Minibatcher {

    /** What to do with the examples left over when B does not divide n. */
    public enum LastBatch {
        /** Leave them out of this epoch. */
        DROP,
        /** Return them as a smaller last batch. */
        KEEP
    }

    private final DataSet data;
    private final int batchSize;
    private final LastBatch lastBatch;
    private final Rng shuffleStream; // null in sequential mode
    private final int[] order;
    private final double[] buffer;
    private final int[] labelBuffer;
    private final int batchesPerEpoch;
    private int batch;      // batches handed out in this epoch
    private int epoch = -1;

    private Minibatcher(DataSet data, int batchSize, Rng shuffleStream, LastBatch lastBatch) {
        this.data = Objects.requireNonNull(data, "data");
        this.lastBatch = Objects.requireNonNull(lastBatch, "lastBatch");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Minibatcher: batch size must be positive, got " + batchSize);
        }
        int n = data.size();
        this.batchesPerEpoch = lastBatch == LastBatch.DROP ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batchesPerEpoch == 0) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + n
                    + " examples, fewer than one batch of " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffleStream = shuffleStream == null ? null : shuffleStream.copy();
        this.order = new int[n];
        this.buffer = new double[Math.multiplyExact(batchSize, data.dimension())];
        this.labelBuffer = data.hasLabels() ? new int[batchSize] : null;
    }

    /** Batches in a fresh random order each epoch, drawn from {@code shuffleStream} (copied) and the epoch. */
    public static Minibatcher shuffled(DataSet data, int batchSize, Rng shuffleStream, LastBatch lastBatch) {
        return new Minibatcher(data, batchSize, Objects.requireNonNull(shuffleStream, "shuffleStream"), lastBatch);
    }

    /** Batches in data set order, the last one possibly smaller: for evaluation. */
    public static Minibatcher sequential(DataSet data, int batchSize) {
        return new Minibatcher(data, batchSize, null, LastBatch.KEEP);
    }

    /** Prepares the order of epoch {@code epoch} (0-based) and rewinds to its first batch. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("Minibatcher: negative epoch " + epoch);
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffleStream != null) {
            epochGenerator(shuffleStream, epoch).shuffle(order);
        }
        this.epoch = epoch;
        this.batch = 0;
    }

    /** The generator of epoch e: the (e + 1)-th split of a copy of the stream. */
    static Rng epochGenerator(Rng stream, int epoch) {
        Rng parent = stream.copy();
        Rng child = parent.split();
        for (int e = 0; e < epoch; e++) {
            child = parent.split();
        }
        return child;
    }

    /** Whether this epoch has another batch. */
    public boolean hasNext() {
        return epoch >= 0 && batch < batchesPerEpoch;
    }

    /**
     * Copies the next batch into {@link #buffer()} (and its labels into {@link #labels()}) and
     * returns its number of rows: the batch size, or less for a kept last batch.
     */
    public int next() {
        if (!hasNext()) {
            throw new IllegalStateException(epoch < 0 ? "Minibatcher: call startEpoch first"
                    : "Minibatcher: epoch " + epoch + " has no batch left (it has " + batchesPerEpoch + ")");
        }
        int from = batch * batchSize;
        int rows = Math.min(batchSize, order.length - from);
        int d = data.dimension();
        double[] values = data.data();
        int[] ys = data.labels();
        for (int r = 0; r < rows; r++) {
            int example = order[from + r];
            System.arraycopy(values, example * d, buffer, r * d, d);
            if (labelBuffer != null) {
                labelBuffer[r] = ys[example];
            }
        }
        batch++;
        return rows;
    }

    /** The batch buffer: batch size × D values; after {@link #next()} its first rows·D hold the batch. */
    public double[] buffer() {
        return buffer;
    }

    /** Labels of the current batch (first rows entries), or null when the data has none. */
    public int[] labels() {
        return labelBuffer;
    }

    /** Index in the data set of row r of the current batch. */
    public int exampleIndex(int r) {
        int from = (batch - 1) * batchSize;
        Objects.checkIndex(r, Math.min(batchSize, order.length - from));
        return order[from + r];
    }

    /** Batches per epoch under the chosen last-batch policy. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Examples per epoch: n, or fewer when a partial last batch is dropped. */
    public int examplesPerEpoch() {
        return lastBatch == LastBatch.DROP ? batchesPerEpoch * batchSize : order.length;
    }

    public int batchSize() {
        return batchSize;
    }

    /** 0-based index of the batch last returned by {@link #next()} within its epoch. */
    public int batchIndex() {
        return batch - 1;
    }

    public DataSet data() {
        return data;
    }
}
