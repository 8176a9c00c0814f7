package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.dist.GaussianEncoder;
import dev.elbo.models.dist.Likelihood;
import dev.elbo.models.nn.Mlp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A variational autoencoder: the generative model p(x, z) = p(z)·p(x|z) with the prior
 * p(z) = N(0, I) and the decoder p(x|z) = {@link Likelihood} of the decoder network's output
 * for z, and the inference model q(z|x) = N(μ(x), diag σ²(x)) from the encoder network.
 *
 * <p>The bounds on log p(x) built from it are {@link Elbo}, {@link Iwae} and {@link Evidence}.
 * Parameters are named {@code encoder.dense<i>.w/b}, {@code decoder.dense<i>.w/b} and, for a
 * Gaussian with a per-feature variance, {@code likelihood.logVar}.
 *
 * <p>The plain-array helpers ({@link #latentMeans}, {@link #decodeMeans}, {@link #reconstruct},
 * {@link #sampleFromPrior}) run on an internal forward-only tape: a Vae is not thread-safe.
 */
public final class Vae {
    /** Rows per pass of the plain-array helpers (bounds their memory). */
    private static final int HELPER_CHUNK = 1024;

    private final VaeSpec spec;
    private final GaussianEncoder encoder;
    private final Mlp decoder;
    private final Likelihood likelihood;
    private final List<Tensor> parameters;
    private final Tape helperTape = new Tape();
    private final DiagonalGaussian helperPosterior = new DiagonalGaussian();

    /**
     * A VAE of the given architecture with fresh weights from {@code rng}: the encoder's layers
     * first, then the decoder's (the decoder's output bias starts at 0 until
     * {@link #initFromData}).
     */
    public Vae(VaeSpec spec, Rng rng) {
        this.spec = spec;
        likelihood = spec.likelihood().create(spec.inputDim());
        encoder = new GaussianEncoder(new Mlp("encoder", spec.encoderSizes(), spec.activation(), rng));
        decoder = new Mlp("decoder", spec.decoderSizes(likelihood.decoderOutputs()), spec.activation(), rng);
        helperTape.setGradEnabled(false);
        List<Tensor> all = new ArrayList<>(encoder.parameters());
        all.addAll(decoder.parameters());
        all.addAll(likelihood.parameters());
        parameters = Collections.unmodifiableList(all);
    }

    public VaeSpec spec() {
        return spec;
    }

    public GaussianEncoder encoder() {
        return encoder;
    }

    public Mlp decoder() {
        return decoder;
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** D. */
    public int inputDim() {
        return spec.inputDim();
    }

    /** L. */
    public int latentDim() {
        return spec.latentDim();
    }

    /** Encoder, then decoder, then likelihood parameters, each in layer order (w before b). */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** The parameter with this name, or an error listing the names. */
    public Tensor parameter(String name) {
        for (Tensor p : parameters) if (p.name().equals(name)) return p;
        List<String> names = new ArrayList<>();
        for (Tensor p : parameters) names.add(p.name());
        throw new IllegalArgumentException("Vae: no parameter named '" + name + "' (have " + names + ")");
    }

    /**
     * Starts p(x|z) at the marginal of the training data (rows × D): the decoder's output bias
     * (and a learned variance) from the data, see {@link Likelihood#initFromData}.
     */
    public void initFromData(double[] data, int rows) {
        likelihood.initFromData(decoder.outputLayer().bias(), data, rows);
    }

    // ================================================================ on a tape

    /** q(z|x) for the rows of x (n × D), into {@code into}. */
    public DiagonalGaussian encode(Tape tape, Tensor x, DiagonalGaussian into) {
        return encoder.posterior(tape, x, into);
    }

    /** The decoder network's output for z (r × L): the parameters of p(x|z), r × decoderOutputs. */
    public Tensor decode(Tape tape, Tensor z) {
        return decoder.forward(tape, z);
    }

    /** log p(x|z) per row: z is r × L, x is r × D (row i of x goes with row i of z) → r × 1. */
    public Tensor logLikelihood(Tape tape, Tensor z, Tensor x) {
        return likelihood.logProb(tape, decode(tape, z), x);
    }

    // ================================================================ on plain arrays

    /** μ(x), the mean of q(z|x), for each of the rows of x (rows × D) → rows × L. */
    public double[] latentMeans(double[] x, int rows) {
        checkRows("latentMeans", x, rows, inputDim());
        int l = latentDim();
        double[] out = new double[rows * l];
        for (int start = 0; start < rows; start += HELPER_CHUNK) {
            int n = Math.min(HELPER_CHUNK, rows - start);
            helperTape.reset();
            DiagonalGaussian q = encode(helperTape, helperTape.constant("x", n, inputDim(), x, start * inputDim()), helperPosterior);
            System.arraycopy(q.mu().value(), 0, out, start * l, n * l);
        }
        return out;
    }

    /** E[x|z] for each of the rows of z (rows × L) → rows × D. */
    public double[] decodeMeans(double[] z, int rows) {
        checkRows("decodeMeans", z, rows, latentDim());
        return decodeRows(z, rows, null);
    }

    /** E[x|z = μ(x)]: each row of x (rows × D) through the encoder's mean and back → rows × D. */
    public double[] reconstruct(double[] x, int rows) {
        return decodeMeans(latentMeans(x, rows), rows);
    }

    /**
     * {@code count} draws z ~ N(0, I), then for each E[x|z] ({@code drawData} false: e.g. grey
     * digits) or x ~ p(x|z) ({@code drawData} true) → count × D. All z are drawn first, then
     * the x in row order.
     */
    public double[] sampleFromPrior(int count, Rng rng, boolean drawData) {
        if (count <= 0) throw new IllegalArgumentException("sampleFromPrior: count must be positive, got " + count);
        double[] z = new double[count * latentDim()];
        rng.fillNormal(z, 0, z.length);
        return decodeRows(z, count, drawData ? rng : null);
    }

    /** Means (rng null) or draws of p(x|z) for the rows of z. */
    private double[] decodeRows(double[] z, int rows, Rng rng) {
        int l = latentDim(), d = inputDim(), outputs = likelihood.decoderOutputs();
        double[] out = new double[rows * d];
        double[] params = new double[Math.min(rows, HELPER_CHUNK) * outputs];
        double[] chunk = new double[Math.min(rows, HELPER_CHUNK) * d];
        for (int start = 0; start < rows; start += HELPER_CHUNK) {
            int n = Math.min(HELPER_CHUNK, rows - start);
            helperTape.reset();
            Tensor o = decode(helperTape, helperTape.constant("z", n, l, z, start * l));
            System.arraycopy(o.value(), 0, params, 0, n * outputs);
            if (rng == null) likelihood.mean(params, n, chunk);
            else likelihood.sample(params, n, rng, chunk);
            System.arraycopy(chunk, 0, out, start * d, n * d);
        }
        return out;
    }

    static void checkRows(String op, double[] a, int rows, int cols) {
        if (rows <= 0 || (long) rows * cols > a.length) {
            throw new IllegalArgumentException(op + ": " + rows + " rows of " + cols + " columns do not fit in an array of " + a.length);
        }
    }
}
