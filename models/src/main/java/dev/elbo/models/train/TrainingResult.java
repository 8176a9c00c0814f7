package dev.elbo.models.train;

import java.util.List;

/**
 * How a {@link Trainer#run()} ended.
 *
 * @param epochsCompleted epochs completed in all (those of a resumed checkpoint included)
 * @param steps           optimizer steps completed at the last complete epoch
 * @param stopped         true when the run ended early on {@link Trainer#requestStop()}; the
 *                        checkpoint then holds the last complete epoch
 * @param history         the metrics of every completed epoch, oldest first
 */
public record TrainingResult(int epochsCompleted, long steps, boolean stopped, List<EpochMetrics> history) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The metrics of the last completed epoch, or null when there is none. */
    public EpochMetrics last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
