package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The progress displays driven by a fake clock, written to a StringWriter. */
class ProgressTest {
    private long now;
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    private static final ProgressListener.Terms TRAIN = new ProgressListener.Terms(-98.41, -74.28, 24.13);
    private static final ProgressListener.Terms VALID = new ProgressListener.Terms(-99.02, -75.12, 23.9);

    /** Runs {@code epochs × batches} batches of 100 examples, {@code millis} apart, ELBO = −100 − batch. */
    private void drive(ProgressListener p, int epochs, int batches, long millis) {
        p.start(epochs, batches);
        for (int e = 1; e <= epochs; e++) {
            for (int b = 1; b <= batches; b++) {
                now += millis * 1_000_000L;
                p.batch(e, b, 100, -100 - b, 20 + b);
            }
            now += 500_000_000L; // validation takes half a second
            p.epoch(new ProgressListener.EpochSummary(e, TRAIN, e % 2 == 0 ? VALID : null, 0.5 + batches * millis / 1e3));
        }
        p.finish();
        out.flush();
    }

    /** The bar's screen states: the text after each carriage return, escape codes removed. */
    private List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (String part : text.toString().split("\r")) {
            if (!part.isEmpty()) {
                frames.add(part.replace("\033[K", ""));
            }
        }
        return frames;
    }

    @Test
    void barRedrawsAtMostTenTimesASecond() {
        ProgressBar bar = new ProgressBar(out, () -> now, 100);
        drive(bar, 2, 200, 10); // 100 batches a second
        long redraws = frames().stream().filter(f -> f.startsWith("epoch") && f.contains("[")).count();
        // 2 s per epoch at ≤ 10 redraws/s, plus the forced redraw of each epoch's last batch
        assertTrue(redraws <= 2 * (20 + 1) + 2, "redraws: " + redraws);
        assertTrue(redraws >= 2 * 18, "still live: " + redraws);
    }

    @Test
    void barShowsEpochBatchSpeedMeansAndTimeLeft() {
        ProgressBar bar = new ProgressBar(out, () -> now, 120);
        bar.start(2, 10);
        for (int b = 1; b <= 5; b++) {
            now += 1_000_000_000L; // one batch of 100 examples a second
            bar.batch(1, b, 100, -100 - b, 20 + b);
        }
        out.flush();
        List<String> f = frames();
        String last = f.get(f.size() - 1);
        // means of batches 1..5: ELBO −103, KL 23; 15 batches left at 1 s each
        assertTrue(last.startsWith("epoch 1/2 ["), last);
        assertTrue(last.contains("  5/10  100 ex/s  ELBO -103.00  KL 23.00  ETA 0:15"), last);
        String barPart = last.substring(last.indexOf('['), last.indexOf(']') + 1);
        assertEquals(barPart.length() / 2, barPart.indexOf('>'), "half done: " + barPart);
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 100, 200})
    void barNeverWraps(int columns) {
        ProgressBar bar = new ProgressBar(out, () -> now, columns);
        drive(bar, 3, 1000, 3);
        for (String f : frames()) {
            String line = f.endsWith("\n") || f.contains("\n") ? null : f;
            if (line != null) {
                assertTrue(line.length() <= columns - 1, "columns " + columns + ": '" + line + "'");
            }
        }
    }

    @Test
    void eachEpochLeavesItsSummaryLine() {
        ProgressBar bar = new ProgressBar(out, () -> now, 80);
        drive(bar, 3, 50, 20);
        String[] lines = text.toString().split("\n");
        List<String> summaries = new ArrayList<>();
        for (String l : lines) {
            String[] frames = l.split("\r");
            String visible = frames[frames.length - 1].replace("\033[K", "");
            if (visible.matches("epoch \\d+/\\d+  \\d.*")) {
                summaries.add(visible);
            }
        }
        assertEquals(3, summaries.size(), text.toString());
        assertEquals("epoch 2/3  1.5 s  5,000 ex/s  ELBO -98.41  KL 24.13  valid -99.02  KL 23.90", summaries.get(1));
        assertFalse(summaries.get(0).contains("valid"), "no validation in epoch 1");
        assertTrue(text.toString().endsWith("done in 0:05\n"), text.toString());
    }

    @Test
    void plainLinesComeEveryIntervalWithoutCarriageReturns() {
        ProgressLines lines = new ProgressLines(out, () -> now, 10);
        // 25 s of training per epoch: lines at 10 s and 20 s; the time left is 0.25 s per batch
        drive(lines, 2, 100, 250);
        String s = text.toString();
        assertFalse(s.contains("\r"));
        assertFalse(s.contains("\033"));
        List<String> all = List.of(s.split("\n"));
        assertEquals(List.of(
                "epoch 1/2  batch 40/100 (40%)  400 ex/s  ELBO -120.50  KL 40.50  ETA 0:40",
                "epoch 1/2  batch 80/100 (80%)  400 ex/s  ELBO -140.50  KL 60.50  ETA 0:30",
                "epoch 1/2  25.5 s  400 ex/s  ELBO -98.41  KL 24.13"), all.subList(0, 3));
        assertEquals(2 + 1 + 2 + 1 + 1, all.size(), s);
        assertTrue(all.get(5).startsWith("epoch 2/2  25.5 s"), all.get(5));
        assertEquals("done in 0:51", all.get(6));
    }

    @ParameterizedTest
    @CsvSource({"0, 0:00", "59.4, 0:59", "61, 1:01", "3599, 59:59", "3600, 1:00:00", "90061, 25:01:01",
        "NaN, --:--", "-1, --:--", "Infinity, --:--"})
    void durations(double seconds, String expected) {
        assertEquals(expected, ProgressDisplay.formatDuration(seconds));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"4210.4; 4,210 ex/s", "99.95; 100.0 ex/s", "12.34; 12.3 ex/s",
        "NaN; -- ex/s"})
    void rates(double rate, String expected) {
        assertEquals(expected, ProgressDisplay.formatRate(rate));
    }

    @Test
    void natsSpellOutNonFiniteValues() {
        assertEquals("nan", ProgressDisplay.formatNats(Double.NaN));
        assertEquals("-inf", ProgressDisplay.formatNats(Double.NEGATIVE_INFINITY));
        assertEquals("-98.41", ProgressDisplay.formatNats(-98.4149));
    }

    @Test
    void autoModeFollowsTheTerminal() {
        StringWriter sink = new StringWriter();
        CliContext tty = new CliContext(new PrintWriter(sink), new PrintWriter(sink), Map.of("COLUMNS", "132"),
                Path.of("/"), () -> 0L, true, Datasets.ALL);
        CliContext pipe = new CliContext(new PrintWriter(sink), new PrintWriter(sink), Map.of(), Path.of("/"),
                () -> 0L, false, Datasets.ALL);
        assertInstanceOf(ProgressBar.class, ProgressDisplay.create(tty, ProgressDisplay.Mode.AUTO));
        assertInstanceOf(ProgressLines.class, ProgressDisplay.create(pipe, ProgressDisplay.Mode.AUTO));
        assertInstanceOf(ProgressBar.class, ProgressDisplay.create(pipe, ProgressDisplay.Mode.BAR));
        assertSame(ProgressListener.NONE, ProgressDisplay.create(tty, ProgressDisplay.Mode.NONE));
        assertEquals(132, ProgressDisplay.columns(tty));
        assertEquals(80, ProgressDisplay.columns(pipe));
    }

    @Test
    void noteKeepsTheBarIntact() {
        ProgressBar bar = new ProgressBar(out, () -> now, 80);
        bar.start(1, 10);
        now += 1_000_000_000L;
        bar.batch(1, 1, 100, -1, 1);
        bar.note("warning: something");
        now += 1_000_000_000L;
        bar.batch(1, 2, 100, -1, 1);
        out.flush();
        String s = text.toString();
        int note = s.indexOf("\r\033[Kwarning: something\n");
        assertTrue(note > 0, s);
        assertTrue(s.indexOf("\repoch 1/1", note) > note, "the bar is drawn again below the note: " + s);
    }

    @Test
    void aResumedRunCountsOnlyTheEpochsLeft() {
        ProgressLines lines = new ProgressLines(out, () -> now, 1);
        lines.start(9, 10, 100); // resumed after epoch 8 of 10: 200 batches to go
        for (int b = 1; b <= 50; b++) {
            now += 100_000_000L; // 0.1 s a batch
            lines.batch(9, b, 10, -100, 20);
        }
        out.flush();
        String last = text.toString().strip().lines().reduce((a, b) -> b).orElse("");
        // 150 batches left at 0.1 s: 15 s, not the 950 batches of a run from epoch 1
        assertTrue(last.startsWith("epoch 9/10  batch 50/100 (50%)"), last);
        assertTrue(last.endsWith("ETA 0:15"), last);
    }

    @Test
    void taskProgressShowsCountRateAndTimeLeft() {
        TestCli cli = new TestCli(Path.of("/nonexistent-home"));
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(),
                cli.home, () -> now, false, Datasets.ALL);
        TaskProgress lines = TaskProgress.create(ctx, ProgressDisplay.Mode.LINES, "log p(x)", 1000);
        now += 20_000_000_000L; // 20 s for the first 250 examples
        lines.update(250);
        now += 1_000_000_000L;
        lines.update(260); // within 15 s of the last line: nothing
        lines.finish();
        assertEquals("log p(x) 250/1,000 (25%)  12.5 ex/s  ETA 1:00\n", err.toString().replace("\r\n", "\n"));

        StringWriter bar = new StringWriter();
        CliContext term = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(bar), Map.of(),
                cli.home, () -> now, true, Datasets.ALL);
        long start = now;
        TaskProgress p = TaskProgress.create(term, ProgressDisplay.Mode.AUTO, "log p(x)", 4);
        now = start + 2_000_000_000L;
        p.update(1);
        p.finish();
        assertEquals("\rlog p(x) [=====>              ]  1/4  0.5 ex/s  ETA 0:06\033[K\n", bar.toString());
    }
}
