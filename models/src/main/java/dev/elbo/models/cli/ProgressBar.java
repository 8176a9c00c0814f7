package dev.elbo.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on a terminal, redrawn in place ({@code \r}, then "erase to end of line") at most
 * {@value #REDRAWS_PER_SECOND} times a second:
 * <pre>
 * epoch 3/20 [=========>          ]  312/469  4,210 ex/s  ELBO -98.41  KL 24.13  ETA 2:13
 * </pre>
 * The line never wraps (the bar shrinks, then the line is cut to the terminal's width), or the
 * carriage return could not bring the cursor back to its start. Each finished epoch leaves its
 * summary line, and the bar continues below it. ASCII only: any terminal shows it.
 */
public final class ProgressBar extends ProgressDisplay {
    static final int REDRAWS_PER_SECOND = 10;
    private static final long MIN_REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
    private static final String ERASE_TO_END = "\033[K";

    private final int columns;
    private long lastDraw = Long.MIN_VALUE;
    private boolean lineOpen;

    public ProgressBar(PrintWriter out, LongSupplier nanoClock, int columns) {
        super(out, nanoClock);
        this.columns = columns;
    }

    @Override
    protected void onBatch() {
        long now = clock.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS && batch != batchesPerEpoch) {
            return;
        }
        lastDraw = now;
        draw(line());
    }

    @Override
    protected void onEpoch(EpochSummary summary) {
        // the summary stays on screen: it may wrap, as it ends with a newline
        out.print('\r' + epochLine(summary, epochs, lastEpochRate()) + ERASE_TO_END + '\n');
        out.flush();
        lineOpen = false;
        lastDraw = Long.MIN_VALUE;
    }

    @Override
    public void finish() {
        if (lineOpen) {
            out.print('\n');
            lineOpen = false;
        }
        out.println("done in " + formatDuration(elapsed()));
        out.flush();
    }

    /** Prints a message above the bar without breaking it. */
    public void note(String message) {
        if (lineOpen) {
            out.print('\r' + ERASE_TO_END);
        }
        out.println(message);
        lineOpen = false;
        lastDraw = Long.MIN_VALUE;
        out.flush();
    }

    private void draw(String text) {
        int max = columns - 1; // the last column would make some terminals wrap
        if (text.length() > max) {
            text = text.substring(0, max);
        }
        out.print('\r' + text + ERASE_TO_END);
        out.flush();
        lineOpen = true;
    }

    /** The live line: the bar gets what the numbers leave of the width, between 10 and 30. */
    String line() {
        String head = "epoch " + epoch + "/" + epochs + " ";
        String tail = String.format(Locale.ROOT, "  %" + digits(batchesPerEpoch) + "d/%d  %s  ELBO %s  KL %s  ETA %s", batch,
                batchesPerEpoch, formatRate(rate()), formatNats(meanElbo()), formatNats(meanKl()),
                formatDuration(secondsLeft()));
        int room = columns - 1 - head.length() - tail.length() - 2;
        int width = Math.max(10, Math.min(30, room));
        return head + bar(width) + tail;
    }

    private String bar(int width) {
        double fraction = batchesPerEpoch == 0 ? 0 : Math.min(1.0, (double) batch / batchesPerEpoch);
        int filled = (int) Math.floor(fraction * width);
        StringBuilder b = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return b.append(']').toString();
    }

    private static int digits(int n) {
        return Integer.toString(Math.max(1, n)).length();
    }
}
