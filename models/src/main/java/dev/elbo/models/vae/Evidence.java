package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;
import dev.elbo.models.dist.DiagonalGaussian;
import dev.elbo.models.dist.StandardNormal;
import java.util.Arrays;

/**
 * The importance-sampled estimate of the evidence log P_φ(x), with the encoder Q_ψ(z|x) as the
 * proposal — the lecture's
 * <pre>
 *   P_φ(x) = E_{z ~ Q_ψ(z|x)} [ P_φ(x|z)·P(z) / Q_ψ(z|x) ]
 * </pre>
 * estimated from k independent samples z_i ~ Q_ψ(z|x) (default k = {@value #DEFAULT_SAMPLES}):
 * <pre>
 *   log P̂(x) = log (1/k) Σ_i w_i,   log w_i = log P_φ(x|z_i) + log P(z_i) − log Q_ψ(z_i|x)
 * </pre>
 * P̂(x) is unbiased for P_φ(x), but its logarithm is not: by Jensen's inequality
 * E[log P̂(x)] ≤ log P_φ(x), so log P̂(x) is a stochastic lower bound (it is exactly the
 * IWAE_k bound), biased low by about Var(w)/(2k·E[w]²); the bias and the spread shrink as k
 * grows, and vanish when Q_ψ(z|x) is the true posterior (then every w_i = P_φ(x)).
 *
 * <p>Reported per example:
 * <ul>
 *   <li>the estimate log P̂(x);</li>
 *   <li>its Monte Carlo standard error by the delta method, SE(log P̂) ≈ sd(w) / (√k · mean(w)),
 *       with sd the sample standard deviation (divisor k − 1; NaN for k = 1); computed from
 *       weights scaled by exp(−max log w), which cancels in the ratio. An SE that is large or
 *       itself unstable (heavy-tailed weights) means the estimate is not to be trusted;</li>
 *   <li>the effective sample size (Σ w_i)² / Σ w_i², between 1 (one weight dominates) and k
 *       (all equal).</li>
 * </ul>
 * and over the examples, the mean of log P̂(x) with its standard error across examples
 * (sd/√n: how far the data set's mean may be from the population's).
 *
 * <p><b>Computation.</b> The samples are processed in chunks of at most {@link #chunkRows(int)}
 * decoder rows on a forward-only tape that reuses its buffers, so memory stays bounded for any
 * k; a chunk holds several examples when k is small, or a part of one example's samples when
 * k is large. The sum is a streaming log-mean-exp: a running maximum m and the sums
 * Σ exp(log w − m), Σ exp(2(log w − m)), rescaled when m grows, so nothing overflows. Each
 * example draws its ε from its own generator, split from {@code rng} in example order, so the
 * numbers do not depend on the chunk size (up to rounding in the order of the sums).
 */
public final class Evidence {
    /** The number of importance samples the IWAE paper evaluates with. */
    public static final int DEFAULT_SAMPLES = 5000;
    /** Decoder rows per chunk: large enough for efficient matrix products, small in memory. */
    public static final int DEFAULT_CHUNK_ROWS = 1000;

    private final Vae vae;
    private int samples = DEFAULT_SAMPLES;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    private final Tape tape = new Tape();
    private final DiagonalGaussian posterior = new DiagonalGaussian();

    public Evidence(Vae vae) {
        this.vae = vae;
        tape.setGradEnabled(false);
    }

    /** Sets k, the importance samples per example. */
    public Evidence samples(int k) {
        if (k <= 0) throw new IllegalArgumentException("Evidence: samples per example must be positive, got " + k);
        this.samples = k;
        return this;
    }

    /** Sets the maximum number of decoder rows (samples) per chunk. */
    public Evidence chunkRows(int rows) {
        if (rows <= 0) throw new IllegalArgumentException("Evidence: chunk rows must be positive, got " + rows);
        this.chunkRows = rows;
        return this;
    }

    public int samples() {
        return samples;
    }

    public int chunkRows() {
        return chunkRows;
    }

    /** Estimates log P_φ(x) for each of the rows of data (rows × D, row-major). */
    public Result estimate(double[] data, int rows, Rng rng) {
        int d = vae.inputDim(), l = vae.latentDim(), k = samples;
        Vae.checkRows("Evidence.estimate", data, rows, d);
        // Layout: `group` examples per chunk, each with `perPass` samples; `passes` chunks per group.
        int group, perPass, passes;
        if (k <= chunkRows) {
            group = Math.min(rows, chunkRows / k);
            perPass = k;
            passes = 1;
        } else {
            group = 1;
            passes = (k + chunkRows - 1) / chunkRows;
            perPass = (k + passes - 1) / passes;
        }
        double[] xGroup = new double[group * d];
        Rng[] streams = new Rng[group];
        Accumulator[] acc = new Accumulator[group];
        for (int j = 0; j < group; j++) acc[j] = new Accumulator();
        double[] logPx = new double[rows], se = new double[rows], ess = new double[rows];

        for (int first = 0; first < rows; first += group) {
            int count = Math.min(group, rows - first);
            System.arraycopy(data, first * d, xGroup, 0, count * d);
            for (int j = count; j < group; j++) System.arraycopy(data, (rows - 1) * d, xGroup, j * d, d); // padding, discarded
            for (int j = 0; j < count; j++) {
                streams[j] = rng.split();
                acc[j].clear();
            }
            for (int pass = 0; pass < passes; pass++) {
                int used = Math.min(perPass, k - pass * perPass);
                tape.reset();
                Tensor x = tape.constant("x", group, d, xGroup, 0);
                DiagonalGaussian q = vae.encode(tape, x, posterior);
                Tensor eps = tape.scratch("eps", group * perPass, l);
                double[] e = eps.value();
                Arrays.fill(e, 0.0);
                for (int j = 0; j < count; j++) streams[j].fillNormal(e, j * perPass * l, used * l);
                Tensor z = q.sample(tape, eps, perPass);
                Tensor logPxGivenZ = vae.logLikelihood(tape, z, tape.repeatRows(x, perPass));
                Tensor logPz = StandardNormal.logDensity(tape, z);
                Tensor logQz = q.logDensityAtSample(tape, eps, perPass);
                double[] a = logPxGivenZ.value(), b = logPz.value(), c = logQz.value();
                for (int j = 0; j < count; j++) {
                    acc[j].add(a, b, c, j * perPass, used, first + j);
                }
            }
            for (int j = 0; j < count; j++) {
                int i = first + j;
                logPx[i] = acc[j].logMean(k);
                se[i] = acc[j].standardError(k);
                ess[i] = acc[j].effectiveSampleSize();
            }
        }
        return new Result(k, logPx, se, ess);
    }

    /**
     * Streaming sums of one example's weights: w_i scaled by exp(−max), kept as
     * s1 = Σ exp(log w_i − max) and s2 = Σ exp(2·(log w_i − max)).
     */
    private static final class Accumulator {
        double max, s1, s2;

        void clear() {
            max = Double.NEGATIVE_INFINITY;
            s1 = 0;
            s2 = 0;
        }

        /** Adds log w = a + b − c for rows [from, from + count) of the three columns. */
        void add(double[] a, double[] b, double[] c, int from, int count, int example) {
            double blockMax = Double.NEGATIVE_INFINITY;
            for (int r = from; r < from + count; r++) {
                double lw = a[r] + b[r] - c[r];
                if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                    throw new IllegalStateException("Evidence: log-weight of example " + example + " is " + lw
                            + " (log p(x|z) = " + a[r] + ", log p(z) = " + b[r] + ", log q(z|x) = " + c[r] + ")");
                }
                blockMax = Math.max(blockMax, lw);
            }
            if (blockMax == Double.NEGATIVE_INFINITY) return; // all weights zero: nothing to add
            if (blockMax > max) {
                double f = Math.exp(max - blockMax); // 0 when max was −∞
                s1 *= f;
                s2 *= f * f;
                max = blockMax;
            }
            for (int r = from; r < from + count; r++) {
                double w = Math.exp(a[r] + b[r] - c[r] - max);
                s1 += w;
                s2 += w * w;
            }
        }

        /** log (1/k) Σ w_i. */
        double logMean(int k) {
            return max == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : max + Math.log(s1 / k);
        }

        /** sd(w) / (√k · mean(w)), sample sd with divisor k − 1. */
        double standardError(int k) {
            if (k < 2) return Double.NaN;
            if (max == Double.NEGATIVE_INFINITY) return Double.NaN;
            double mean = s1 / k;
            double variance = Math.max(0.0, (s2 - s1 * mean) / (k - 1));
            return Math.sqrt(variance / k) / mean;
        }

        /** (Σ w)² / Σ w². */
        double effectiveSampleSize() {
            return max == Double.NEGATIVE_INFINITY ? 0.0 : s1 * s1 / s2;
        }
    }

    /** Per-example estimates and their aggregate. */
    public static final class Result {
        private final int samples;
        private final double[] logPx;
        private final double[] standardError;
        private final double[] effectiveSampleSize;

        Result(int samples, double[] logPx, double[] standardError, double[] effectiveSampleSize) {
            this.samples = samples;
            this.logPx = logPx;
            this.standardError = standardError;
            this.effectiveSampleSize = effectiveSampleSize;
        }

        /** k. */
        public int samples() {
            return samples;
        }

        /** Number of examples. */
        public int size() {
            return logPx.length;
        }

        /** log P̂(x_i). */
        public double logPx(int i) {
            return logPx[i];
        }

        /** The Monte Carlo standard error of log P̂(x_i) (delta method). */
        public double standardError(int i) {
            return standardError[i];
        }

        /** (Σ w)² / Σ w² for example i. */
        public double effectiveSampleSize(int i) {
            return effectiveSampleSize[i];
        }

        /** A copy of all log P̂(x_i). */
        public double[] logPx() {
            return logPx.clone();
        }

        /** A copy of all standard errors. */
        public double[] standardErrors() {
            return standardError.clone();
        }

        /** A copy of all effective sample sizes. */
        public double[] effectiveSampleSizes() {
            return effectiveSampleSize.clone();
        }

        /** (1/n) Σ_i log P̂(x_i): the data set's average log-likelihood estimate. */
        public double mean() {
            double s = 0;
            for (double v : logPx) s += v;
            return s / logPx.length;
        }

        /** sd of log P̂(x_i) over examples / √n (NaN for one example). */
        public double standardErrorOfMean() {
            int n = logPx.length;
            if (n < 2) return Double.NaN;
            double m = mean(), s = 0;
            for (double v : logPx) s += (v - m) * (v - m);
            return Math.sqrt(s / (n - 1) / n);
        }

        /** The Monte Carlo part of the mean's error, √(Σ_i SE_i²) / n. */
        public double monteCarloErrorOfMean() {
            double s = 0;
            for (double v : standardError) s += v * v;
            return Math.sqrt(s) / standardError.length;
        }

        /** The smallest effective sample size over the examples. */
        public double minEffectiveSampleSize() {
            double m = Double.POSITIVE_INFINITY;
            for (double v : effectiveSampleSize) m = Math.min(m, v);
            return m;
        }
    }
}
