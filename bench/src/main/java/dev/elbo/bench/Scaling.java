package dev.elbo.bench;

import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.nn.Activation;
import dev.elbo.models.vae.VaeSpec;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * How training throughput scales: examples per second of the real training step
 * ({@link StepThroughput#measure}) on the IWAE paper's model shape, 784-h-h-50 tanh, Bernoulli,
 * against the batch size (h = 200; 10 to 1000) and against the hidden width (batch 100; h = 100
 * to 1600), on 1 and 2 threads. Writes the figures as CSV and both plots side by side as one PNG.
 *
 * <pre>
 * ./mvnw -B -pl bench -am package -DskipTests
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.elbo.bench.Scaling \
 *      --out docs/images/scaling.png --csv docs/images/scaling.csv --seconds 3
 * </pre>
 * {@code --seconds} is the measuring time per point (after 1.5 s of warm-up per point, and 20 s
 * once for the JIT); the whole run takes about 20 + 24 × (seconds + 1.5) s.
 */
public final class Scaling {
    private Scaling() {}

    static final int[] BATCHES = {10, 20, 50, 100, 200, 500, 1000};
    static final int[] WIDTHS = {100, 200, 400, 800, 1600};
    static final int[] THREADS = {1, 2};

    public static void main(String[] args) throws IOException {
        Path png = Path.of("docs/images/scaling.png"), csv = Path.of("docs/images/scaling.csv");
        double seconds = 3, warmup = 1.5;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--out": png = Path.of(v); break;
                case "--csv": csv = Path.of(v); break;
                case "--seconds": seconds = Double.parseDouble(v); break;
                case "--warmup": warmup = Double.parseDouble(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // The JIT compiles the kernels once for all points: a long first warm-up, short ones after.
        StepThroughput.measure(spec(200), 100, 1, 20, 0.5, 1);

        List<String> rows = new ArrayList<>();
        rows.add("sweep,hidden,batch,threads,examples_per_second,best_examples_per_second");
        double[][] byBatch = new double[THREADS.length][BATCHES.length];
        double[][] byWidth = new double[THREADS.length][WIDTHS.length];
        // 1 and 2 threads side by side at each point, so that a change in the machine's load
        // between points shows in both curves alike rather than between them.
        for (int b = 0; b < BATCHES.length; b++) {
            for (int t = 0; t < THREADS.length; t++) {
                StepThroughput.Figures f = StepThroughput.measure(spec(200), BATCHES[b], THREADS[t], warmup, seconds, 3);
                byBatch[t][b] = f.examplesPerSecond();
                rows.add(row("batch", 200, BATCHES[b], THREADS[t], f));
            }
        }
        for (int w = 0; w < WIDTHS.length; w++) {
            for (int t = 0; t < THREADS.length; t++) {
                StepThroughput.Figures f = StepThroughput.measure(spec(WIDTHS[w]), 100, THREADS[t], warmup, seconds, 3);
                byWidth[t][w] = f.examplesPerSecond();
                rows.add(row("width", WIDTHS[w], 100, THREADS[t], f));
            }
        }
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        Path csvTemp = csv.resolveSibling(csv.getFileName() + ".tmp"); // renamed once complete
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csvTemp))) {
            rows.forEach(out::println);
        }
        Files.move(csvTemp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        BufferedImage left = BitmapEncoder.getBufferedImage(chart(
                "784-200-200-50 tanh: examples/s vs batch size", "batch size (log scale)", BATCHES, byBatch, false));
        BufferedImage right = BitmapEncoder.getBufferedImage(chart(
                "784-h-h-50 tanh, batch 100: examples/s vs width", "hidden width h (log scale)", WIDTHS, byWidth, true));
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()) + 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "elbo training step (Bernoulli ELBO, Adam), %s %s; %.1f s per point;"
                        + " median of 3 windows; load average %.1f on %d CPUs", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), seconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()), 12, both.getHeight() - 8);
        g.dispose();
        if (png.getParent() != null) Files.createDirectories(png.getParent());
        Path pngTemp = png.resolveSibling(png.getFileName() + ".tmp");
        ImageIO.write(both, "png", pngTemp.toFile());
        Files.move(pngTemp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + png + " and " + csv);
    }

    private static VaeSpec spec(int width) {
        return VaeSpec.symmetric(BenchModels.PIXELS, List.of(width, width), 50, Activation.TANH,
                LikelihoodSpec.bernoulli());
    }

    private static String row(String sweep, int hidden, int batch, int threads, StepThroughput.Figures f) {
        String line = String.format(Locale.ROOT, "%s,%d,%d,%d,%.1f,%.1f", sweep, hidden, batch, threads,
                f.examplesPerSecond(), f.bestExamplesPerSecond());
        System.err.println(line);
        return line;
    }

    private static XYChart chart(String title, String xTitle, int[] xs, double[][] rates, boolean logY) {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title)
                .xAxisTitle(xTitle).yAxisTitle("training examples / s" + (logY ? " (log scale)" : "")).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        // Where the curves are not: throughput rises with the batch (top right taken) and falls
        // with the width (top right free).
        s.setLegendPosition(logY ? Styler.LegendPosition.InsideNE : Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(true);
        if (logY) {
            chart.getStyler().setYAxisLogarithmic(true);
        } else {
            chart.getStyler().setYAxisMin(0.0);
        }
        double[] x = new double[xs.length];
        for (int i = 0; i < xs.length; i++) x[i] = xs[i];
        for (int t = 0; t < THREADS.length; t++) {
            chart.addSeries(THREADS[t] + (THREADS[t] == 1 ? " thread" : " threads"), x, rates[t]);
        }
        return chart;
    }
}
