package dev.elbo.models.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look shared by every chart (XChart underneath): white background, light grid, fonts large
 * enough to read on a projected slide, and the composition of several charts into one picture.
 */
final class Charts {
    private Charts() {}

    static {
        Png.headless();
    }

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** Applies the common style to an XY or category chart. */
    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x80, 0x80, 0x80));
        s.setPlotGridLinesColor(new Color(0xE0, 0xE0, 0xE0));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICKS);
        s.setLegendFont(LEGEND);
        s.setLegendBorderColor(new Color(0xC0, 0xC0, 0xC0));
        s.setChartFontColor(new Color(0x20, 0x20, 0x20));
        s.setAxisTickLabelsColor(new Color(0x20, 0x20, 0x20));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setChartPadding(12);
    }

    /** Renders a chart at its own size. */
    static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Lays pictures out in rows of {@code columns}, each cell as large as the largest picture. */
    static BufferedImage grid(List<BufferedImage> images, int columns) {
        int cw = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int ch = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * cw, rows * ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), (i % cols) * cw, (i / cols) * ch, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * XChart puts a tick at every x value when the values are equally spaced (epochs 1, 2, 3 …)
     * and the labels are narrow enough, which crowds the axis past a dozen epochs. An invisible
     * point half-way between the first two values breaks the equal spacing, so the axis gets
     * round ticks instead.
     */
    static void spreadTicks(XYChart chart, double[][] points) {
        if (points == null || points[0].length <= 12) {
            return;
        }
        double x = 0.5 * (points[0][0] + points[0][1]);
        XYSeries ghost = chart.addSeries(" ", new double[] {x}, new double[] {points[1][0]});
        ghost.setShowInLegend(false);
        ghost.setMarker(SeriesMarkers.NONE);
        ghost.setLineColor(new Color(0, 0, 0, 0));
        ghost.setMarkerColor(new Color(0, 0, 0, 0));
    }

    /** The finite points of (x, y), as two arrays; null when there are none. */
    static double[][] finite(double[] x, double[] y) {
        if (x == null || y == null) {
            return null;
        }
        int n = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        double[] fx = new double[n];
        double[] fy = new double[n];
        int k = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        return new double[][] {fx, fy};
    }
}
