package dev.elbo.models.viz;

import dev.elbo.core.io.DataFormatException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training curves of a run, from its {@code metrics.csv} (see {@link MetricsTable} for the
 * columns read): one picture with a panel for the bound (ELBO), one for the reconstruction term
 * E_q[log p(x|z)], one for the KL term, each with the training and the validation curve, and a
 * bar chart of the KL per latent dimension at the last epoch — the "active units": a dimension
 * whose KL stays near 0 carries no information about x.
 */
public final class TrainingCurves {
    private TrainingCurves() {}

    /** Size of one panel in pixels. */
    public static final int PANEL_WIDTH = 640;
    public static final int PANEL_HEIGHT = 440;
    /** A dimension counts as active when its KL is above this many nats. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private static final Color TRAIN = Palette.of(0);
    private static final Color VALID = Palette.of(3);

    /** Reads {@code metrics} and writes the curves to {@code file}. */
    public static void write(Path file, Path metrics) throws IOException, DataFormatException {
        write(file, MetricsTable.read(metrics));
    }

    /** Writes the curves of {@code table} to {@code file}. */
    public static void write(Path file, MetricsTable table) throws IOException, DataFormatException {
        Png.write(file, render(table));
    }

    /** The picture: the panels that have data, two per row. */
    static BufferedImage render(MetricsTable table) throws DataFormatException {
        if (table.rows() == 0) {
            throw DataFormatException.of(table.file(), "no data lines after the header");
        }
        List<BufferedImage> panels = new ArrayList<>();
        addPanel(panels, table, "bound", "ELBO (higher is better)", "nats per example");
        addPanel(panels, table, "rec", "Reconstruction E_q[log p(x|z)]", "nats per example");
        addPanel(panels, table, "kl", "KL(q(z|x) ‖ p(z))", "nats per example");
        double[] perDim = table.lastKlPerDimension();
        if (perDim.length > 0) {
            panels.add(Charts.image(klBars(perDim, table)));
        }
        if (panels.isEmpty()) {
            throw DataFormatException.of(table.file(), "none of the columns train_bound, train_rec, train_kl, "
                    + "valid_bound, valid_rec, valid_kl, kl_dim_0 ... (found: " + String.join(", ", table.names())
                    + ")");
        }
        return Charts.grid(panels, 2);
    }

    private static void addPanel(List<BufferedImage> panels, MetricsTable table, String term, String title,
            String yTitle) {
        double[] x = table.epochs();
        double[][] train = Charts.finite(x, table.term(term, false));
        double[][] valid = Charts.finite(x, table.term(term, true));
        if (train == null && valid == null) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(table.epochAxis()).yAxisTitle(yTitle).build();
        Charts.style(chart.getStyler());
        // below the plot, so it never hides a curve
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(5);
        if (train != null) {
            line(chart, "train", train, TRAIN);
        }
        if (valid != null) {
            line(chart, "validation", valid, VALID);
        }
        Charts.spreadTicks(chart, train != null ? train : valid);
        panels.add(Charts.image(chart));
    }

    private static void line(XYChart chart, String name, double[][] points, Color color) {
        XYSeries s = chart.addSeries(name, points[0], points[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2f));
        s.setMarker(points[0].length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    private static CategoryChart klBars(double[] perDim, MetricsTable table) {
        int active = 0;
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int j = 0; j < perDim.length; j++) {
            double v = Double.isFinite(perDim[j]) ? perDim[j] : 0;
            active += v > ACTIVE_THRESHOLD ? 1 : 0;
            // label every dimension when few, every fifth when many, so labels never overlap
            boolean labelled = perDim.length <= 20 || (j + 1) % 5 == 0 || j == 0;
            names.add(labelled ? Integer.toString(j + 1) : " ".repeat(j + 1));
            values.add(v);
        }
        double[] epochs = table.epochs();
        String at = epochs.length > 0 && Double.isFinite(epochs[epochs.length - 1])
                ? String.format(Locale.ROOT, " at %s %.0f", table.epochAxis(), epochs[epochs.length - 1]) : "";
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(String.format(Locale.ROOT, "KL per latent dimension%s (%d of %d above %.2f)", at, active,
                        perDim.length, ACTIVE_THRESHOLD))
                .xAxisTitle("latent dimension").yAxisTitle("nats per example").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisLabelRotation(0);
        // one label slot per dimension (most of them blank, see above): otherwise XChart thins
        // the labels by itself and may keep only blanks
        chart.getStyler().setXAxisMaxLabelCount(perDim.length);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries("KL", names, values).setFillColor(TRAIN);
        return chart;
    }
}
