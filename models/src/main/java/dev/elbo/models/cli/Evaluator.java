package dev.elbo.models.cli;

import dev.elbo.autodiff.Tape;
import dev.elbo.core.Parallel;
import dev.elbo.core.Rng;
import dev.elbo.core.io.AtomicFiles;
import dev.elbo.models.data.DataSet;
import dev.elbo.models.vae.ActiveUnits;
import dev.elbo.models.vae.Elbo;
import dev.elbo.models.vae.Evidence;
import dev.elbo.models.vae.Vae;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Scores a trained model on a data set, per example and on average (nats per example):
 * <ul>
 *   <li>the ELBO, one sample z ~ q(z|x) per example with the KL in closed form;</li>
 *   <li>the importance-sampled log p̂(x) = log (1/k) Σᵢ p(x|zᵢ)p(zᵢ)/q(zᵢ|x) with k samples
 *       ({@link Evidence}) — which is also the IWAE_k bound of these very samples: a stochastic
 *       lower bound of log p(x), tight as k grows;</li>
 *   <li>the standard errors: of each mean across examples (sd/√n: how far another draw of data
 *       could move it), and the Monte Carlo error of the mean log p̂(x), √(Σ SEᵢ²)/n (how far
 *       other samples z could move it), with the effective sample size of each example's
 *       weights.</li>
 * </ul>
 * The noise comes from {@code seed}: its first split drives the ELBO, its second the evidence,
 * one stream per example in order, so the numbers do not depend on the thread count. The
 * examples are cut into blocks (the size depends on k only), spread over {@link Parallel#threads()}
 * threads, each with its own forward-only tape.
 */
final class Evaluator {
    /** Examples per ELBO batch. */
    private static final int BATCH = 100;

    private Evaluator() {}

    /** Per-example numbers and their summary. */
    record Scores(int k, int[] labels, double[] elbo, double[] reconstruction, double[] kl, double[] logPx,
            double[] stderr, double[] ess, int activeUnits, double seconds) {

        int n() {
            return elbo.length;
        }

        double meanElbo() {
            return mean(elbo);
        }

        double meanLogPx() {
            return mean(logPx);
        }

        /** The Monte Carlo error of the mean log p̂(x): √(Σ SEᵢ²)/n (NaN for k = 1). */
        double monteCarloError() {
            double s = 0;
            for (double v : stderr) {
                s += v * v;
            }
            return Math.sqrt(s) / stderr.length;
        }

        double minEss() {
            return Arrays.stream(ess).min().orElse(Double.NaN);
        }

        double meanEss() {
            return mean(ess);
        }

        /** Writes index, label, elbo, log_px, stderr, ess — one line per example — atomically. */
        void writeCsv(Path file) throws IOException {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                w.write("index,label,elbo,log_px,stderr,ess\n");
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n(); i++) {
                    line.setLength(0);
                    line.append(i).append(',').append(labels == null ? "" : Integer.toString(labels[i])).append(',')
                            .append(elbo[i]).append(',').append(logPx[i]).append(',')
                            .append(Double.isNaN(stderr[i]) ? "" : Double.toString(stderr[i])).append(',')
                            .append(ess[i]).append('\n');
                    w.write(line.toString());
                }
                w.flush();
            });
        }
    }

    /** Runs blocks 0 … blocks−1 on {@code workers} threads, reporting progress from this one. */
    private static void inParallel(int workers, int blocks, IntConsumer runBlock, AtomicInteger done,
            TaskProgress progress) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "elbo-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                        runBlock.accept(b);
                    }
                }));
            }
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(200, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (progress != null) {
                            progress.update(done.get());
                        }
                    }
                }
            }
            if (progress != null) {
                progress.update(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** sd/√n over the entries (NaN for fewer than two). */
    static double standardError(double[] v) {
        int n = v.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (n - 1) / n);
    }

    /**
     * Scores every example of {@code data}.
     *
     * @param progress told of each finished example of the evidence (the slow part), or null
     */
    static Scores score(Vae vae, DataSet data, int k, long seed, TaskProgress progress) {
        long start = System.nanoTime();
        int n = data.size();
        int d = data.dimension();
        Rng root = new Rng(seed);
        Rng elboNoise = root.split();
        Rng evidenceNoise = root.split();

        // the ELBO, in batches on a forward-only tape
        double[] elbo = new double[n];
        double[] rec = new double[n];
        double[] kl = new double[n];
        Elbo bound = new Elbo(vae, 1, Elbo.KlEstimator.ANALYTIC);
        Tape tape = new Tape();
        tape.setGradEnabled(false);
        double[] bBatch = new double[BATCH];
        double[] rBatch = new double[BATCH];
        double[] qBatch = new double[BATCH];
        for (int first = 0; first < n; first += BATCH) {
            int rows = Math.min(BATCH, n - first);
            tape.reset();
            bound.perExample(tape, tape.constant("x", rows, d, data.data(), first * d), elboNoise, bBatch, rBatch,
                    qBatch);
            System.arraycopy(bBatch, 0, elbo, first, rows);
            System.arraycopy(rBatch, 0, rec, first, rows);
            System.arraycopy(qBatch, 0, kl, first, rows);
        }

        // the evidence, in blocks of examples spread over the threads; block b starts from the
        // state of evidenceNoise after the splits of the blocks before it, so every example gets
        // the generator a single sequential pass would give it, whatever the thread count
        double[] logPx = new double[n];
        double[] se = new double[n];
        double[] ess = new double[n];
        int block = Math.max(1, Math.min(100, 20_000 / k));
        int blocks = (n + block - 1) / block;
        Rng[] starts = new Rng[blocks];
        for (int b = 0; b < blocks; b++) {
            starts[b] = evidenceNoise.copy();
            for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                evidenceNoise.split();
            }
        }
        int workers = Math.min(Parallel.threads(), blocks);
        AtomicInteger done = new AtomicInteger();
        ThreadLocal<Evidence> evidence = ThreadLocal.withInitial(() -> new Evidence(vae).samples(k));
        ThreadLocal<double[]> buffer = ThreadLocal.withInitial(() -> new double[block * d]);
        IntConsumer runBlock = b -> {
            int first = b * block;
            int rows = Math.min(block, n - first);
            double[] x = buffer.get();
            System.arraycopy(data.data(), first * d, x, 0, rows * d);
            Evidence.Result part = evidence.get().estimate(x, rows, starts[b]);
            for (int j = 0; j < rows; j++) {
                logPx[first + j] = part.logPx(j);
                se[first + j] = part.standardError(j);
                ess[first + j] = part.effectiveSampleSize(j);
            }
            done.addAndGet(rows);
        };
        if (workers <= 1) {
            for (int b = 0; b < blocks; b++) {
                runBlock.accept(b);
                if (progress != null) {
                    progress.update(done.get());
                }
            }
        } else {
            inParallel(workers, blocks, runBlock, done, progress);
        }
        int active = n >= 2 ? ActiveUnits.count(vae, data.data(), n) : -1;
        int[] labels = data.hasLabels() ? data.labels().clone() : null;
        return new Scores(k, labels, elbo, rec, kl, logPx, se, ess, active, (System.nanoTime() - start) * 1e-9);
    }
}
