package dev.elbo.models.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.elbo.core.Rng;
import dev.elbo.core.io.ExampleMatrix;
import dev.elbo.core.io.Idx;
import dev.elbo.core.io.ImageSet;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.data.Synthetic;
import dev.elbo.models.train.EpochMetrics;
import dev.elbo.models.train.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Small data files and helpers for tests that run the real commands. */
final class RunFixtures {
    private RunFixtures() {}

    /**
     * {@code n} grey 6×6 "bars" images (each bar on with probability 0.3, pixels 0.1 or 0.9) with
     * labels (the number of bars on, capped at 9), as IDX files in {@code dir}; returns the
     * {@code idx:IMAGES,LABELS} spec.
     */
    static String barsIdx(Path dir, int n, long seed) throws IOException {
        Files.createDirectories(dir);
        DataSet bars = Synthetic.bars(n, 6, 0.3, new Rng(seed));
        double[] x = bars.data().clone();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int on = 0;
            for (int j = 0; j < 36; j++) {
                on += x[i * 36 + j] > 0.5 ? 1 : 0;
                x[i * 36 + j] = x[i * 36 + j] > 0.5 ? 0.9 : 0.1;
            }
            labels[i] = Math.min(9, on / 6);
        }
        Path images = dir.resolve("bars-images-idx3-ubyte");
        Path labelFile = dir.resolve("bars-labels-idx1-ubyte");
        Idx.writeImages(images, new ImageSet(new ExampleMatrix(n, 36, x, null), 6, 6), false);
        Idx.writeLabels(labelFile, labels, false);
        return "idx:" + images + "," + labelFile;
    }

    /** The usual arguments of a quick training run on {@code data} into {@code out}, then {@code extra}. */
    static String[] train(String data, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data, "--hidden", "16", "--latent", "3",
                "--epochs", "2", "--batch", "20", "--out", out.toString(), "--progress", "none", "--threads", "1",
                "--pictures", "end"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    /** The JSON object a command printed on standard output. */
    /** The rows of a run folder's metrics.csv, one per epoch. */
    static List<EpochMetrics> metrics(Path run) throws IOException {
        return MetricsLog.parse(Files.readString(run.resolve(RunFolder.METRICS))).rows();
    }

    static JsonObject json(TestCli.Result r) {
        return JsonParser.parseString(r.out().strip()).getAsJsonObject();
    }

    /** Checks {@code file} is a PNG that decodes, and returns it. */
    static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a readable image");
        assertTrue(image.getWidth() > 50 && image.getHeight() > 50, file + " is only " + image.getWidth() + "×"
                + image.getHeight());
        return image;
    }
}
