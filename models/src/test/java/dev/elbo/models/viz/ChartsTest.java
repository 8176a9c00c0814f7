package dev.elbo.models.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elbo.core.io.DataFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;

/** The latent scatter and the training curves, rendered headless from generated data. */
class ChartsTest {
    @TempDir
    Path dir;

    /** Codes in 10 clusters, one per label. */
    private static double[] clusters(int n, int d, int[] labels, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = new double[10][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = 4 * rnd.nextGaussian();
            }
        }
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < d; j++) {
                z[i * d + j] = centres[labels[i]][j] + rnd.nextGaussian();
            }
        }
        return z;
    }

    @ParameterizedTest(name = "latent dimension {0}")
    @ValueSource(ints = {1, 2, 3, 16})
    void latentScatterIsColouredByLabel(int d) throws IOException {
        int n = 2000;
        int[] labels = new int[n];
        double[] z = clusters(n, d, labels, d);
        Path f = dir.resolve("latent.png");
        LatentScatter.write(f, z, n, d, labels, "test codes");
        BufferedImage img = Pictures.readPng(f);
        assertEquals(LatentScatter.WIDTH, img.getWidth());
        assertEquals(LatentScatter.HEIGHT, img.getHeight());
        for (int k = 0; k < 10; k++) { // every class shows in its colour: a lone point is drawn over white
            assertTrue(Pictures.near(img, overWhite(Palette.of(k, 0.55)), 12) > 0,
                    "d " + d + ": no pixel of the colour of label " + k);
        }
        XYChart chart = LatentScatter.chart(z, n, d, labels, "t");
        assertEquals(10, chart.getSeriesCollection().size());
        String x = chart.getXAxisTitle();
        if (d == 2) {
            assertEquals("z₁", x);
            assertEquals("z₂", chart.getYAxisTitle());
        } else if (d > 2) {
            assertTrue(x.startsWith("PC 1 (") && x.endsWith("% of variance)"), x);
            assertTrue(chart.getYAxisTitle().startsWith("PC 2 ("), chart.getYAxisTitle());
        }
    }

    /** The colour a translucent colour takes on white. */
    private static int overWhite(java.awt.Color c) {
        double a = c.getAlpha() / 255.0;
        int r = (int) Math.round(a * c.getRed() + (1 - a) * 255);
        int g = (int) Math.round(a * c.getGreen() + (1 - a) * 255);
        int b = (int) Math.round(a * c.getBlue() + (1 - a) * 255);
        return r << 16 | g << 8 | b;
    }

    @Test
    void latentScatterWithoutLabelsHasOneSeries() throws IOException {
        double[] z = {0, 0, 1, 1, 2, 0.5};
        XYChart chart = LatentScatter.chart(z, 3, 2, null, "t");
        assertEquals(1, chart.getSeriesCollection().size());
        assertThrows(IllegalArgumentException.class, () -> LatentScatter.chart(z, 3, 2, new int[2], "t"));
        double[] nan = {Double.NaN, 0, Double.NaN, 1};
        assertThrows(IllegalArgumentException.class, () -> LatentScatter.chart(nan, 2, 2, null, "t"));
    }

    /** A metrics file like the trainer's, columns in its order, one line per epoch. */
    private Path metrics(int epochs, int latent, boolean validation) throws IOException {
        StringBuilder b = new StringBuilder("epoch,step,lr,klWeight,train_bound,train_rec,train_kl,valid_bound,"
                + "valid_rec,valid_kl,seconds,examples_per_s");
        for (int j = 0; j < latent; j++) {
            b.append(",kl_dim_").append(j);
        }
        b.append('\n');
        for (int e = 1; e <= epochs; e++) {
            double kl = 25 - 10 * Math.exp(-e / 4.0);
            double rec = -80 - 60 * Math.exp(-e / 5.0);
            b.append(String.format(Locale.ROOT, "%d,%d,0.001,1,%.4f,%.4f,%.4f,", e, 100 * e, rec - kl, rec, kl));
            b.append(validation ? String.format(Locale.ROOT, "%.4f,%.4f,%.4f", rec - kl - 2, rec - 1.5, kl + 0.5)
                    : ",,");
            b.append(",3.2,18000");
            for (int j = 0; j < latent; j++) {
                b.append(',').append(j < latent / 2 ? 2.0 - j * 0.1 : 0.001);
            }
            b.append('\n');
        }
        return Files.writeString(dir.resolve("metrics.csv"), b);
    }

    @Test
    void trainingCurvesHaveFourPanels() throws Exception {
        Path png = dir.resolve("curves.png");
        TrainingCurves.write(png, metrics(40, 20, true));
        BufferedImage img = Pictures.readPng(png);
        assertEquals(2 * TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(2 * TrainingCurves.PANEL_HEIGHT, img.getHeight());
        assertTrue(Pictures.near(img, Palette.of(0).getRGB() & 0xFFFFFF, 10) > 500, "train curves and bars");
        assertTrue(Pictures.near(img, Palette.of(3).getRGB() & 0xFFFFFF, 10) > 100, "validation curves");
    }

    @Test
    void trainingCurvesWithoutValidationOrPerDimensionKl() throws Exception {
        Path png = dir.resolve("curves.png");
        TrainingCurves.write(png, metrics(1, 0, false)); // a single epoch, three panels
        BufferedImage img = Pictures.readPng(png);
        assertEquals(2 * TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(2 * TrainingCurves.PANEL_HEIGHT, img.getHeight());
        assertEquals(0, Pictures.near(img, Palette.of(3).getRGB() & 0xFFFFFF, 10), "no validation curve");
        assertTrue(Pictures.inked(img) > 0.01);
    }

    @Test
    void onlyAKlColumnGivesOnePanel() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"), "Epoch,Train KL\n1,3.5\n2,4.0\n3,\n4,4.5\n");
        Path png = dir.resolve("curves.png");
        TrainingCurves.write(png, csv);
        BufferedImage img = Pictures.readPng(png);
        assertEquals(TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT, img.getHeight());
    }

    @Test
    void metricsWithNothingToPlotOrBadNumbersAreRefused() throws IOException {
        Path png = dir.resolve("curves.png");
        Path none = Files.writeString(dir.resolve("none.csv"), "epoch,loss\n1,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> TrainingCurves.write(png, none));
        assertTrue(e.getMessage().contains("found: epoch, loss"), e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.csv"), "epoch,train_kl\n1,3\n2,x3\n");
        e = assertThrows(DataFormatException.class, () -> TrainingCurves.write(png, bad));
        assertEquals(bad + ": line 3, column 2: 'x3' is not a number", e.getMessage());
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "epoch,train_kl\n1,3,4\n");
        e = assertThrows(DataFormatException.class, () -> TrainingCurves.write(png, ragged));
        assertEquals("line 2", e.location());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "epoch,train_kl\n");
        e = assertThrows(DataFormatException.class, () -> TrainingCurves.write(png, empty));
        assertTrue(e.getMessage().contains("no data lines"), e.getMessage());
        assertFalse(Files.exists(png), "no picture from bad metrics");
    }

    @Test
    void metricsColumnsAreFoundByAnySpelling() throws Exception {
        Path csv = Files.writeString(dir.resolve("m.csv"),
                "\uFEFFstep, Train Bound ,trainRec,validation_elbo,kl_dim_1,kl_dim_0\n10,-100,-80,nan,0.5,1.5\n"
                        + "20,-90,-75,-95,0.25,2\n");
        MetricsTable t = MetricsTable.read(csv);
        assertEquals(2, t.rows());
        assertArrayEquals(new double[] {10, 20}, t.epochs());
        assertEquals("step", t.epochAxis());
        assertArrayEquals(new double[] {-100, -90}, t.term("bound", false));
        assertArrayEquals(new double[] {-80, -75}, t.term("rec", false));
        double[] valid = t.term("bound", true);
        assertTrue(Double.isNaN(valid[0]));
        assertEquals(-95, valid[1]);
        assertNull(t.term("kl", false));
        assertArrayEquals(new double[] {2, 0.25}, t.lastKlPerDimension());
        Path dup = Files.writeString(dir.resolve("dup.csv"), "epoch,train_kl,TRAIN KL\n1,2,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MetricsTable.read(dup));
        assertEquals("line 1, column 3", e.location());
    }
}
