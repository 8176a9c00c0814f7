package dev.elbo.models.vae;

import dev.elbo.autodiff.Tape;
import dev.elbo.autodiff.Tensor;
import dev.elbo.core.Rng;

/** Steps the bounds share: drawing ε, repeating x per sample, averaging over samples. */
final class Samples {
    private Samples() {}

    /** ε ~ N(0, I), (n·K) × L, a tape constant filled from rng in row-major order. */
    static Tensor noise(Tape tape, Rng rng, int rows, int latentDim) {
        Tensor eps = tape.scratch("eps", rows, latentDim);
        rng.fillNormal(eps.value(), 0, rows * latentDim);
        return eps;
    }

    /** x with each row repeated K times (row i·K + s = x_i), or x itself when K = 1. */
    static Tensor perSample(Tape tape, Tensor x, int k) {
        return k == 1 ? x : tape.repeatRows(x, k);
    }

    /** (1/K) Σ_s t[i·K + s] for each example i: (n·K) × 1 → n × 1 (t itself when K = 1). */
    static Tensor meanOverSamples(Tape tape, Tensor t, int n, int k) {
        return k == 1 ? t : tape.meanRows(tape.reshape(t, n, k));
    }

    /** Mean of the entries of an n × 1 tensor's values (no tape). */
    static double mean(Tensor t) {
        double[] v = t.value();
        double s = 0;
        for (int i = 0; i < t.size(); i++) s += v[i];
        return s / t.size();
    }

    static void checkX(String op, Tensor x, int inputDim) {
        if (x.cols() != inputDim) {
            throw new IllegalArgumentException(op + ": x must have " + inputDim + " columns (the model's input dimension), got " + x.shape());
        }
    }

    static void checkOut(String op, double[] out, int n) {
        if (out != null && out.length < n) {
            throw new IllegalArgumentException(op + ": an output array of length " + out.length + " for " + n + " examples");
        }
    }
}
