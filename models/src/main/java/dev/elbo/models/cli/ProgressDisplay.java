package dev.elbo.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training progress on standard error: a live bar on a terminal
 * ({@link ProgressBar}), plain periodic lines otherwise ({@link ProgressLines}). This base keeps
 * the counts the two share: where the run is, the running means of the current epoch, the speed
 * and the time left.
 *
 * <p>Speed is measured over the current epoch's training (the previous epoch's until a quarter
 * second has passed), so a slow first epoch (JIT warm-up) does not linger in it, and validation
 * does not count; the time left is the run's average time per batch so far, validation
 * included, times the batches left.
 */
public abstract class ProgressDisplay implements ProgressListener {

    /** How to show progress: chosen by {@code --progress} or from the terminal. */
    public enum Mode {
        /** A bar when standard error is a terminal, plain lines otherwise. */
        AUTO,
        BAR,
        LINES,
        NONE
    }

    protected final PrintWriter out;
    protected final LongSupplier clock;

    protected int epochs;
    private int firstEpoch = 1;
    protected int batchesPerEpoch;
    protected int epoch;
    protected int batch;
    private long runStart;
    private long epochStart;
    private long lastBatchTime;
    private long batchesDone;
    private long epochExamples;
    private double lastEpochRate = Double.NaN;
    private double sumElbo;
    private double sumKl;
    private long meanCount;

    protected ProgressDisplay(PrintWriter out, LongSupplier nanoClock) {
        this.out = out;
        this.clock = nanoClock;
    }

    /** The display for this context: {@code mode}, or for AUTO a bar on a terminal and lines elsewhere. */
    public static ProgressListener create(CliContext context, Mode mode) {
        Mode m = mode != Mode.AUTO ? mode : context.errIsTerminal() ? Mode.BAR : Mode.LINES;
        switch (m) {
            case BAR:
                return new ProgressBar(context.err(), context.nanoClock(), columns(context));
            case LINES:
                return new ProgressLines(context.err(), context.nanoClock(), ProgressLines.DEFAULT_INTERVAL_SECONDS);
            default:
                return NONE;
        }
    }

    /** Terminal width: {@code $COLUMNS} (the launcher exports it), else 80. */
    static int columns(CliContext context) {
        String c = context.env("COLUMNS");
        try {
            int n = c == null ? 80 : Integer.parseInt(c.strip());
            return n >= 20 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    @Override
    public void start(int epochs, int batchesPerEpoch) {
        start(1, epochs, batchesPerEpoch);
    }

    @Override
    public void start(int firstEpoch, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.firstEpoch = firstEpoch;
        runStart = clock.getAsLong();
        lastBatchTime = runStart;
        batchesDone = 0;
        resetEpoch(firstEpoch, runStart);
    }

    @Override
    public void batch(int epoch, int batch, int examples, double elbo, double kl) {
        if (epoch != this.epoch) { // a trainer that skipped epoch(): count the new epoch anyway
            resetEpoch(epoch, lastBatchTime);
        }
        this.batch = batch;
        lastBatchTime = clock.getAsLong();
        batchesDone++;
        epochExamples += examples;
        sumElbo += elbo;
        sumKl += kl;
        meanCount++;
        onBatch();
    }

    @Override
    public void epoch(EpochSummary summary) {
        // training speed: up to the last batch, without the validation that followed
        double seconds = (lastBatchTime - epochStart) * 1e-9;
        if (seconds > 0 && epochExamples > 0) {
            lastEpochRate = epochExamples / seconds;
        }
        onEpoch(summary);
        resetEpoch(summary.epoch() + 1, clock.getAsLong());
    }

    private void resetEpoch(int next, long start) {
        epoch = next;
        batch = 0;
        epochStart = start;
        epochExamples = 0;
        sumElbo = 0;
        sumKl = 0;
        meanCount = 0;
    }

    /** Called after each batch has been counted. */
    protected abstract void onBatch();

    /** Called at the end of each epoch. */
    protected abstract void onEpoch(EpochSummary summary);

    /** The epoch's mean bound so far. */
    protected double meanElbo() {
        return meanCount == 0 ? Double.NaN : sumElbo / meanCount;
    }

    /** The epoch's mean KL so far. */
    protected double meanKl() {
        return meanCount == 0 ? Double.NaN : sumKl / meanCount;
    }

    /** Examples per second in this epoch (the last epoch's rate at its very start). */
    protected double rate() {
        double seconds = (clock.getAsLong() - epochStart) * 1e-9;
        if (seconds < 0.25 && !Double.isNaN(lastEpochRate)) {
            return lastEpochRate;
        }
        return seconds > 0 ? epochExamples / seconds : Double.NaN;
    }

    /** Seconds left, from the run's average time per batch; NaN before the first batch. */
    protected double secondsLeft() {
        if (batchesDone == 0) {
            return Double.NaN;
        }
        double elapsed = (clock.getAsLong() - runStart) * 1e-9;
        long total = (long) (epochs - firstEpoch + 1) * batchesPerEpoch;
        return elapsed / batchesDone * Math.max(0, total - batchesDone);
    }

    /** Seconds since {@link #start}. */
    protected double elapsed() {
        return (clock.getAsLong() - runStart) * 1e-9;
    }

    /** {@code 4,210 ex/s}; {@code -- ex/s} when unknown. */
    static String formatRate(double rate) {
        if (Double.isNaN(rate) || Double.isInfinite(rate)) {
            return "-- ex/s";
        }
        return String.format(Locale.ROOT, rate >= 100 ? "%,.0f ex/s" : "%.1f ex/s", rate);
    }

    /** {@code 0:42}, {@code 12:05}, {@code 1:02:03}; {@code --:--} when unknown. */
    static String formatDuration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return "--:--";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s / 60) % 60;
        long r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r)
                : String.format(Locale.ROOT, "%d:%02d", m, r);
    }

    /** A bound or KL in nats with two decimals; {@code nan} / {@code inf} spelled out. */
    static String formatNats(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * The line an epoch leaves behind, in both displays; short enough for 80 columns (the
     * reconstruction term is ELBO + KL, and it is in metrics.csv):
     * {@code epoch 12/50  12.3 s  4,830 ex/s  ELBO -98.41  KL 24.13  valid -99.02  KL 23.90}.
     */
    static String epochLine(EpochSummary s, int epochs, double rate) {
        StringBuilder b = new StringBuilder();
        b.append("epoch ").append(s.epoch()).append('/').append(epochs)
                .append("  ").append(String.format(Locale.ROOT, "%.1f s", s.seconds()))
                .append("  ").append(formatRate(rate))
                .append("  ELBO ").append(formatNats(s.train().elbo()))
                .append("  KL ").append(formatNats(s.train().kl()));
        if (s.validation() != null) {
            b.append("  valid ").append(formatNats(s.validation().elbo()))
                    .append("  KL ").append(formatNats(s.validation().kl()));
        }
        return b.toString();
    }

    /** The rate of the epoch that just ended (for {@link #epochLine}). */
    protected double lastEpochRate() {
        return lastEpochRate;
    }
}
