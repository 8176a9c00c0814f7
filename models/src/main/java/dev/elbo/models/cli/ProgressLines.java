package dev.elbo.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for logs and files (CI, {@code > train.log}): no carriage returns, one plain line
 * every {@code interval} seconds at most, and one line per finished epoch.
 * <pre>
 * epoch 3/20  batch 312/469 (66%)  4,210 ex/s  ELBO -98.41  KL 24.13  ETA 2:13
 * epoch 3/20  12.3 s  4,210 ex/s  ELBO -98.41  KL 24.13  valid -99.02  KL 23.90
 * </pre>
 */
public final class ProgressLines extends ProgressDisplay {
    /** Default seconds between two progress lines within an epoch. */
    public static final double DEFAULT_INTERVAL_SECONDS = 15;

    private final long intervalNanos;
    private long lastLine;

    public ProgressLines(PrintWriter out, LongSupplier nanoClock, double intervalSeconds) {
        super(out, nanoClock);
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    @Override
    public void start(int firstEpoch, int epochs, int batchesPerEpoch) {
        super.start(firstEpoch, epochs, batchesPerEpoch);
        lastLine = clock.getAsLong();
    }

    @Override
    protected void onBatch() {
        long now = clock.getAsLong();
        if (now - lastLine < intervalNanos || batch == batchesPerEpoch) {
            return; // the epoch line follows the last batch
        }
        lastLine = now;
        out.println(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d (%d%%)  %s  ELBO %s  KL %s  ETA %s",
                epoch, epochs, batch, batchesPerEpoch, 100L * batch / Math.max(1, batchesPerEpoch),
                formatRate(rate()), formatNats(meanElbo()), formatNats(meanKl()), formatDuration(secondsLeft())));
        out.flush();
    }

    @Override
    protected void onEpoch(EpochSummary summary) {
        out.println(epochLine(summary, epochs, lastEpochRate()));
        out.flush();
        lastLine = clock.getAsLong();
    }

    @Override
    public void finish() {
        out.println("done in " + formatDuration(elapsed()));
        out.flush();
    }
}
