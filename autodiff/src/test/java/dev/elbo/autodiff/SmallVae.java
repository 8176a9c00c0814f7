package dev.elbo.autodiff;

import java.util.SplittableRandom;

/**
 * A small importance-weighted VAE step over most ops (affine, tanh, elu, exp, scale, add, mul,
 * sub, repeatRows, reshape, logSumExpRows, the log-densities, KL, mean): the integration
 * fixture of the tape tests. Noise is drawn once, so every step computes the same function.
 */
final class SmallVae {
    final int n, d, h, z, k;
    final Tensor w1, b1, wMu, bMu, wLv, bLv, w2, b2, w3, b3;
    final Tensor[] params;
    final double[] data;
    final double[] noise;

    SmallVae(long seed, int n, int d, int h, int z, int k) {
        this.n = n;
        this.d = d;
        this.h = h;
        this.z = z;
        this.k = k;
        SplittableRandom rng = new SplittableRandom(seed);
        w1 = random(rng, "enc.w1", d, h, 1 / Math.sqrt(d));
        b1 = random(rng, "enc.b1", 1, h, 0.1);
        wMu = random(rng, "enc.wMu", h, z, 1 / Math.sqrt(h));
        bMu = random(rng, "enc.bMu", 1, z, 0.1);
        wLv = random(rng, "enc.wLv", h, z, 0.5 / Math.sqrt(h));
        bLv = random(rng, "enc.bLv", 1, z, 0.1);
        w2 = random(rng, "dec.w2", z, h, 1 / Math.sqrt(z));
        b2 = random(rng, "dec.b2", 1, h, 0.1);
        w3 = random(rng, "dec.w3", h, d, 1 / Math.sqrt(h));
        b3 = random(rng, "dec.b3", 1, d, 0.1);
        params = new Tensor[] {w1, b1, wMu, bMu, wLv, bLv, w2, b2, w3, b3};
        data = new double[n * d];
        for (int i = 0; i < data.length; i++) data[i] = rng.nextDouble() < 0.4 ? 1.0 : rng.nextDouble() * 0.3;
        noise = new double[n * k * z];
        for (int i = 0; i < noise.length; i++) noise[i] = rng.nextGaussian();
    }

    private static Tensor random(SplittableRandom rng, String name, int rows, int cols, double scale) {
        Tensor t = Tensor.parameter(name, rows, cols);
        for (int i = 0; i < t.size(); i++) t.value()[i] = scale * (2 * rng.nextDouble() - 1);
        return t;
    }

    /** The negative IWAE bound (K samples) plus a small KL term, 1×1. */
    Tensor loss(Tape t) {
        Tensor x = t.constant("x", n, d, data, 0);
        Tensor hidden = t.tanh(t.affine(x, w1, b1));
        Tensor mu = t.affine(hidden, wMu, bMu);
        Tensor logVar = t.affine(hidden, wLv, bLv);
        Tensor muK = t.repeatRows(mu, k);                              // (n·K)×z
        Tensor logVarK = t.repeatRows(logVar, k);
        Tensor eps = t.constant("eps", n * k, z, noise, 0);
        Tensor zs = t.add(muK, t.mul(t.exp(t.scale(logVarK, 0.5)), eps));
        Tensor logits = t.affine(t.elu(t.affine(zs, w2, b2)), w3, b3);   // (n·K)×d
        Tensor logPx = t.bernoulliLogLik(logits, t.repeatRows(x, k));   // (n·K)×1
        Tensor logPz = t.stdNormalLogDensity(zs);
        Tensor logQz = t.gaussianLogDensity(zs, muK, logVarK);
        Tensor logW = t.sub(t.add(logPx, logPz), logQz);
        Tensor iwae = t.addScalar(t.logSumExpRows(t.reshape(logW, n, k)), -Math.log(k)); // n×1
        Tensor kl = t.mean(t.klStdNormal(mu, logVar));
        return t.add(t.neg(t.mean(iwae)), t.scale(kl, 0.01));
    }

    void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }
}
