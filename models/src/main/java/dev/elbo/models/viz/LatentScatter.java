package dev.elbo.models.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The latent codes of a data set in the plane, one colour per label: with two latent dimensions
 * the codes themselves (axes z₁ and z₂), with more their projection on the first two principal
 * components (axes "PC 1 (38% of variance)" …), with one the code against the label.
 * Usually the codes are the encoder's means μ(x) of the test set.
 */
public final class LatentScatter {
    private LatentScatter() {}

    /** Picture size in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 760;

    /**
     * Writes the scatter plot.
     *
     * @param codes  {@code n × d} latent codes, row-major
     * @param labels one label per code (0–9 for digits; any ints), or null for one colour
     * @param title  the chart's title
     */
    public static void write(Path file, double[] codes, int n, int d, int[] labels, String title) throws IOException {
        Png.write(file, Charts.image(chart(codes, n, d, labels, title)));
    }

    /** The chart, for tests and for composing. */
    static XYChart chart(double[] codes, int n, int d, int[] labels, String title) {
        if (n < 1 || d < 1 || (long) n * d != codes.length) {
            throw new IllegalArgumentException("LatentScatter: " + codes.length + " values as " + n + " codes of "
                    + d + " dimensions");
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("LatentScatter: " + labels.length + " labels for " + n + " codes");
        }
        double[] x = new double[n];
        double[] y = new double[n];
        String xTitle;
        String yTitle;
        if (d == 1) {
            for (int i = 0; i < n; i++) {
                x[i] = codes[i];
                y[i] = labels == null ? 0 : labels[i];
            }
            xTitle = "z₁";
            yTitle = labels == null ? "" : "label";
        } else if (d == 2) {
            for (int i = 0; i < n; i++) {
                x[i] = codes[2 * i];
                y[i] = codes[2 * i + 1];
            }
            xTitle = "z₁";
            yTitle = "z₂";
        } else {
            if (n < 2) {
                throw new IllegalArgumentException("LatentScatter: a projection of " + d
                        + "-dimensional codes needs at least 2 of them");
            }
            Pca pca = Pca.fit(codes, n, d);
            double[] p = pca.project(codes, n, 2);
            for (int i = 0; i < n; i++) {
                x[i] = p[2 * i];
                y[i] = p[2 * i + 1];
            }
            xTitle = String.format(Locale.ROOT, "PC 1 (%.0f%% of variance)", 100 * pca.explained(0));
            yTitle = String.format(Locale.ROOT, "PC 2 (%.0f%% of variance)", 100 * pca.explained(1));
        }

        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(n > 5000 ? 3 : n > 1000 ? 4 : 6);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        // group the points by label; a TreeMap keeps the legend in label order
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int label = labels == null ? 0 : labels[i];
            counts.computeIfAbsent(label, k -> new int[1])[0]++;
        }
        for (var e : counts.entrySet()) {
            int label = e.getKey();
            double[] sx = new double[e.getValue()[0]];
            double[] sy = new double[sx.length];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if ((labels == null ? 0 : labels[i]) == label) {
                    sx[k] = x[i];
                    sy[k++] = y[i];
                }
            }
            double[][] f = Charts.finite(sx, sy);
            if (f == null) {
                continue;
            }
            XYSeries s = chart.addSeries(labels == null ? "codes" : Integer.toString(label), f[0], f[1]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.of(label, n > 1000 ? 0.55 : 0.8));
        }
        if (chart.getSeriesCollection().isEmpty()) {
            throw new IllegalArgumentException("LatentScatter: no finite code to plot (did training diverge?)");
        }
        return chart;
    }
}
