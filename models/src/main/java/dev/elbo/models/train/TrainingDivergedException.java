package dev.elbo.models.train;

/**
 * Training stopped because a number that must be finite was not: the loss, a term of the bound,
 * or the gradient norm. Thrown before the optimizer step, so the parameters never take a NaN,
 * and the checkpoint on disk stays the last complete epoch.
 *
 * <p>The message is one line meant to be printed as is, e.g.
 * <pre>epoch 3, batch 41: the KL term is NaN (learning rate too high? try --lr 3e-4)</pre>
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final String term;
    private final double value;

    /**
     * @param epoch        1-based epoch
     * @param batch        1-based batch within the epoch
     * @param term         what was not finite, e.g. "the KL term"
     * @param value        its value (NaN or ±∞)
     * @param learningRate the learning rate in use, for the hint
     */
    public TrainingDivergedException(int epoch, int batch, String term, double value, double learningRate) {
        super("epoch " + epoch + ", batch " + batch + ": " + term + " is " + value
                + " (learning rate too high? try --lr " + suggestion(learningRate) + ")");
        this.epoch = epoch;
        this.batch = batch;
        this.term = term;
        this.value = value;
    }

    /** A third of the rate, to one significant digit: 1e-3 → "3e-4". */
    static String suggestion(double learningRate) {
        String s = String.format(java.util.Locale.ROOT, "%.0e", learningRate / 3);
        return s.replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    /** What was not finite: "the loss", "the reconstruction term", "the KL term", "the bound", "the gradient norm". */
    public String term() {
        return term;
    }

    public double value() {
        return value;
    }
}
