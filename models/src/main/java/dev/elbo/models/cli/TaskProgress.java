package dev.elbo.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long count of items that are not epochs (the examples of an evaluation), on
 * standard error: a line redrawn in place on a terminal,
 * <pre>
 * log p(x) [=========>          ]  312/1000  41.2 ex/s  ETA 0:17
 * </pre>
 * or, elsewhere, one plain line every {@link ProgressLines#DEFAULT_INTERVAL_SECONDS} seconds.
 * The speed and the time left are those of the items done so far.
 */
final class TaskProgress {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final LongSupplier clock;
    private final ProgressDisplay.Mode mode;
    private final int columns;
    private final String what;
    private final long total;
    private final long start;
    private final long intervalNanos;
    private long lastDraw;
    private boolean lineOpen;

    private TaskProgress(CliContext ctx, ProgressDisplay.Mode mode, String what, long total, double intervalSeconds) {
        this.out = ctx.err();
        this.clock = ctx.nanoClock();
        this.mode = mode;
        this.columns = ProgressDisplay.columns(ctx);
        this.what = what;
        this.total = total;
        this.start = clock.getAsLong();
        this.lastDraw = start;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** The display for this context ({@code AUTO}: a bar on a terminal, lines elsewhere). */
    static TaskProgress create(CliContext ctx, ProgressDisplay.Mode mode, String what, long total) {
        ProgressDisplay.Mode m = mode != ProgressDisplay.Mode.AUTO ? mode
                : ctx.errIsTerminal() ? ProgressDisplay.Mode.BAR : ProgressDisplay.Mode.LINES;
        return new TaskProgress(ctx, m, what, total, ProgressLines.DEFAULT_INTERVAL_SECONDS);
    }

    /** {@code done} of the items are finished. */
    void update(long done) {
        if (mode == ProgressDisplay.Mode.NONE) {
            return;
        }
        long now = clock.getAsLong();
        if (mode == ProgressDisplay.Mode.BAR) {
            if (now - lastDraw < REDRAW_NANOS && done < total) {
                return;
            }
            String line = line(done, now, true);
            out.print('\r' + (line.length() > columns - 1 ? line.substring(0, columns - 1) : line) + "\033[K");
            lineOpen = true;
        } else {
            if (now - lastDraw < intervalNanos || done >= total) {
                return;
            }
            out.println(line(done, now, false));
        }
        lastDraw = now;
        out.flush();
    }

    /** Closes the bar's line. */
    void finish() {
        if (lineOpen) {
            out.print('\n');
            out.flush();
            lineOpen = false;
        }
    }

    String line(long done, long now, boolean bar) {
        double seconds = (now - start) * 1e-9;
        double rate = seconds > 0 ? done / seconds : Double.NaN;
        double left = done > 0 ? seconds / done * (total - done) : Double.NaN;
        StringBuilder b = new StringBuilder(what).append(' ');
        if (bar) {
            int width = 20;
            int filled = (int) Math.floor((double) Math.min(done, total) / Math.max(1, total) * width);
            b.append('[');
            for (int i = 0; i < width; i++) {
                b.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            b.append("]  ");
        }
        b.append(String.format(Locale.ROOT, "%,d/%,d", done, total));
        if (!bar) {
            b.append(String.format(Locale.ROOT, " (%d%%)", 100 * done / Math.max(1, total)));
        }
        b.append("  ").append(ProgressDisplay.formatRate(rate)).append("  ETA ")
                .append(ProgressDisplay.formatDuration(left));
        return b.toString();
    }
}
