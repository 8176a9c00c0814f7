package dev.elbo.models.cli;

import dev.elbo.core.Rng;
import dev.elbo.core.io.DataFormatException;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.dist.LikelihoodSpec;
import dev.elbo.models.vae.ActiveUnits;
import dev.elbo.models.vae.Vae;
import dev.elbo.models.viz.ImageGrids;
import dev.elbo.models.viz.LatentScatter;
import dev.elbo.models.viz.TrainingCurves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The pictures of a run, rendered headless into its folder (each written atomically):
 * <ul>
 *   <li>{@code samples.png}: 64 draws z ~ p(z) = N(0, I), each shown as the decoder's mean E[x|z];</li>
 *   <li>{@code reconstructions.png}: 30 examples, each above E[x | z = μ(x)];</li>
 *   <li>{@code latent.png}: μ(x) of up to 5000 examples in the plane (PCA when L &gt; 2), coloured
 *       by label;</li>
 *   <li>{@code curves.png}: ELBO, reconstruction and KL by epoch, and the KL per latent dimension;</li>
 *   <li>{@code traversal.png}: from μ of the first example, the 8 dimensions with the most KL
 *       each set to −3 … 3 in turn.</li>
 * </ul>
 * The image pictures need image rows (MNIST, IDX, PNG folders) and a decoder mean that is an
 * intensity (Bernoulli or Gaussian); other data get the latent scatter and the curves only.
 * The examples shown are those of the evaluation set (test, else validation, else training),
 * as evaluated (binarized when the run binarizes).
 */
final class RunPictures {
    static final int SAMPLES = 64;
    static final int RECONSTRUCTIONS = 30;
    static final int SCATTER_POINTS = 5000;
    static final int TRAVERSAL_DIMS = 8;
    static final int TRAVERSAL_STEPS = 9;
    /** The seed of the prior draws in samples.png: every epoch shows the same z. */
    static final long SAMPLE_SEED = 0;

    private RunPictures() {}

    /** Whether the rows of {@code data} can be drawn as pictures by this model. */
    static boolean drawable(DataSet data, Vae vae) {
        return data.isImages() && vae.spec().likelihood().kind() != LikelihoodSpec.Kind.CATEGORICAL;
    }

    /**
     * Renders every picture that applies; returns the files written.
     *
     * @param shown          examples to reconstruct, encode and traverse from (as evaluated)
     * @param klPerDimension mean KL per latent dimension (for the traversal's choice), or empty
     */
    static List<Path> render(RunFolder run, Vae vae, DataSet shown, double[] klPerDimension)
            throws IOException, DataFormatException {
        List<Path> written = new ArrayList<>();
        boolean images = drawable(shown, vae);
        if (images) {
            written.add(samples(run.file(RunFolder.SAMPLES), vae, SAMPLES, new Rng(SAMPLE_SEED), false, shown));
            if (shown.size() > 0) {
                written.add(reconstructions(run.file(RunFolder.RECONSTRUCTIONS), vae, shown,
                        Math.min(RECONSTRUCTIONS, shown.size())));
            }
        }
        if (shown.size() >= 2) {
            written.add(latent(run.file(RunFolder.LATENT), vae, shown, SCATTER_POINTS));
        }
        if (Files.isRegularFile(run.file(RunFolder.METRICS))) {
            TrainingCurves.write(run.file(RunFolder.CURVES), run.file(RunFolder.METRICS));
            written.add(run.file(RunFolder.CURVES));
        }
        if (images && shown.size() > 0) {
            double[] score = klPerDimension.length == vae.latentDim() ? klPerDimension
                    : shown.size() >= 2 ? ActiveUnits.activity(vae, shown.data(), Math.min(shown.size(), 1000))
                    : new double[vae.latentDim()];
            written.add(traversal(run.file(RunFolder.TRAVERSAL), vae, shown, 0, topDimensions(score, TRAVERSAL_DIMS)));
        }
        return written;
    }

    /** {@code count} draws from the prior in a grid: decoder means, or draws of x when {@code drawData}. */
    static Path samples(Path file, Vae vae, int count, Rng rng, boolean drawData, DataSet shape) throws IOException {
        double[] x = vae.sampleFromPrior(count, rng, drawData);
        ImageGrids.samples(file, clamp(x), count, shape.imageHeight(), shape.imageWidth(), drawData
                ? "Draws x ~ p(x|z) for z ~ p(z)" : "Decoder means E[x|z] for z ~ p(z)");
        return file;
    }

    /** The first {@code count} examples of {@code data}, each above its reconstruction. */
    static Path reconstructions(Path file, Vae vae, DataSet data, int count) throws IOException {
        int d = data.dimension();
        double[] originals = Arrays.copyOf(data.data(), count * d);
        double[] rec = vae.reconstruct(originals, count);
        ImageGrids.reconstructions(file, clamp(originals), clamp(rec), count, data.imageHeight(), data.imageWidth(),
                10);
        return file;
    }

    /** μ(x) of the first {@code max} examples, coloured by label. */
    static Path latent(Path file, Vae vae, DataSet data, int max) throws IOException {
        int n = Math.min(max, data.size());
        double[] mu = vae.latentMeans(data.data(), n);
        int[] labels = data.hasLabels() ? Arrays.copyOf(data.labels(), n) : null;
        String what = vae.latentDim() > 2 ? " (first two principal components of " + vae.latentDim() + " dimensions)"
                : "";
        LatentScatter.write(file, mu, n, vae.latentDim(), labels,
                String.format(Locale.ROOT, "Latent means μ(x) of %,d examples%s", n, what));
        return file;
    }

    /** From μ of example {@code index}: each of {@code dims} set to −3 … 3 in turn, the others fixed. */
    static Path traversal(Path file, Vae vae, DataSet data, int index, int[] dims) throws IOException {
        int l = vae.latentDim();
        double[] base = vae.latentMeans(Arrays.copyOfRange(data.data(), index * data.dimension(),
                (index + 1) * data.dimension()), 1);
        double[] values = ImageGrids.linspace(-3, 3, TRAVERSAL_STEPS);
        double[] z = new double[dims.length * values.length * l];
        for (int r = 0; r < dims.length; r++) {
            for (int c = 0; c < values.length; c++) {
                int row = r * values.length + c;
                System.arraycopy(base, 0, z, row * l, l);
                z[row * l + dims[r]] = values[c];
            }
        }
        double[] images = vae.decodeMeans(z, dims.length * values.length);
        ImageGrids.traversal(file, clamp(images), dims, values, data.imageHeight(), data.imageWidth());
        return file;
    }

    /** The indices of the {@code k} largest scores, largest first (ties: lower index first). */
    static int[] topDimensions(double[] score, int k) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(finite(score[b]), finite(score[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] top = new int[Math.min(k, order.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = order[i];
        }
        return top;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NEGATIVE_INFINITY;
    }

    /** Intensities for display: a Gaussian decoder's mean may leave [0, 1]. */
    private static double[] clamp(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.isNaN(x[i]) ? 0 : Math.max(0, Math.min(1, x[i]));
        }
        return out;
    }
}
