#!/usr/bin/python3
"""PyTorch reference of elbo's VAE: the same model, trained the same way.

Used for two comparisons (see README, "Side by side with PyTorch"):
  * accuracy: test log p(x) (k = 5000 importance samples) after the same number of epochs;
  * speed:    training examples/s and evidence data points/s on the same machine.

Model (matches dev.elbo.models): encoder MLP x -> hidden... -> [mu | log sigma^2],
decoder MLP z -> hidden... -> logits of a Bernoulli p(x|z); Glorot-uniform weights for
tanh, He-uniform for relu, zero biases, decoder output bias = logit of the training mean.
Objective: mean over the minibatch of -ELBO (K samples, analytic KL) or -IWAE_K.
Data: MNIST IDX files; dynamic binarization (a fresh Bernoulli draw per minibatch);
the test set binarized once with a fixed seed, or read from --test-binarized (raw bytes
0/1, 10000 x 784, as `elbo` writes it) so both sides score the very same digits.

Speed runs (bench/compare.sh): --throughput train|evidence times training steps or evidence
estimates on synthetic MNIST-like digits (as elbo's bench/BenchModels: 19% of the pixels lit with
a grey level in [0.5, 1), binarized anew each step) in a warm-up, then --windows timed windows
over --seconds, and prints one JSON line with the median and best rate over the windows.

Run with Debian's python (numpy, torch, OpenBLAS): /usr/bin/python3 bench/torch_vae.py --help
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims[0], -1) if ndim > 1 else data


def find(dir_, stem):
    for name in (stem, stem + ".gz"):
        p = os.path.join(dir_, name)
        if os.path.exists(p):
            return p
    sys.exit(f"torch_vae: {stem} not found in {dir_} (run ./elbo data fetch mnist)")


class Vae(nn.Module):
    def __init__(self, d, hidden, latent, activation):
        super().__init__()
        act = {"tanh": nn.Tanh, "relu": nn.ReLU, "softplus": nn.Softplus, "elu": nn.ELU}[activation]

        def mlp(sizes):
            layers = []
            for i in range(len(sizes) - 1):
                lin = nn.Linear(sizes[i], sizes[i + 1])
                if activation == "relu":
                    nn.init.kaiming_uniform_(lin.weight, nonlinearity="relu")
                else:
                    nn.init.xavier_uniform_(lin.weight)
                nn.init.zeros_(lin.bias)
                layers.append(lin)
                if i < len(sizes) - 2:
                    layers.append(act())
            return nn.Sequential(*layers)

        self.latent = latent
        # hidden layers get the activation; the last layer of each MLP is linear
        self.encoder = mlp([d] + hidden + [2 * latent])
        self.decoder = mlp([latent] + hidden[::-1] + [d])
        self.enc_act_out = False

    def encode(self, x):
        h = self.encoder(x)
        return h[:, : self.latent], h[:, self.latent:]

    def log_weights(self, x, k):
        """log p(x|z) + log p(z) - log q(z|x) for k samples per example: (n, k)."""
        mu, logvar = self.encode(x)
        std = torch.exp(0.5 * logvar)
        eps = torch.randn(x.shape[0], k, self.latent, dtype=x.dtype)
        z = mu.unsqueeze(1) + std.unsqueeze(1) * eps
        logits = self.decoder(z.reshape(-1, self.latent)).reshape(x.shape[0], k, -1)
        xk = x.unsqueeze(1)
        log_px_z = (xk * logits - nn.functional.softplus(logits)).sum(-1)
        log_pz = -0.5 * (z * z + math.log(2 * math.pi)).sum(-1)
        log_qz = -0.5 * (eps * eps + math.log(2 * math.pi) + logvar.unsqueeze(1)).sum(-1)
        return log_px_z + log_pz - log_qz

    def elbo(self, x, k):
        """Per-example ELBO with k samples and analytic KL; returns (elbo, rec, kl)."""
        mu, logvar = self.encode(x)
        std = torch.exp(0.5 * logvar)
        eps = torch.randn(x.shape[0], k, self.latent, dtype=x.dtype)
        z = mu.unsqueeze(1) + std.unsqueeze(1) * eps
        logits = self.decoder(z.reshape(-1, self.latent)).reshape(x.shape[0], k, -1)
        rec = (x.unsqueeze(1) * logits - nn.functional.softplus(logits)).sum(-1).mean(1)
        kl = 0.5 * (mu * mu + logvar.exp() - 1 - logvar).sum(-1)
        return rec - kl, rec, kl


def evidence(model, x, k, chunk):
    """Importance-sampled log p(x) per example: log (1/k) sum_i w_i, in chunks of samples."""
    out = []
    with torch.no_grad():
        for i in range(x.shape[0]):
            xi = x[i:i + 1]
            parts = []
            done = 0
            while done < k:
                m = min(chunk, k - done)
                parts.append(model.log_weights(xi, m)[0])
                done += m
            lw = torch.cat(parts)
            out.append((torch.logsumexp(lw, 0) - math.log(k)).item())
    return np.array(out)


def synthetic_images(rows, seed):
    """MNIST-like grey levels: about 19% of the pixels lit with a level in [0.5, 1), the rest 0."""
    rng = np.random.default_rng(seed)
    lit = rng.random((rows, 784)) < 0.19
    return np.where(lit, 0.5 + 0.5 * rng.random((rows, 784)), 0.0)


def timed_windows(work, warmup, seconds, windows):
    """Runs work() (returns items done) for warmup seconds, then in windows; rates per window."""
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        work()
    rates = []
    for _ in range(windows):
        t0 = time.perf_counter()
        done = 0
        while True:
            done += work()
            t = time.perf_counter()
            if t - t0 >= seconds / windows:
                break
        rates.append(done / (t - t0))
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


def throughput(a, dtype, hidden):
    """Speed mode: training examples/s or evidence data points/s, as elbo's StepThroughput and
    EvidenceThroughput measure them."""
    model = Vae(784, hidden, a.latent, a.activation).to(dtype)
    result = {"framework": "pytorch " + torch.__version__, "dtype": a.dtype, "threads": a.threads,
              "mode": a.throughput, "hidden": a.hidden, "latent": a.latent, "activation": a.activation}
    if a.throughput == "train":
        batches = max(2, 20000 // a.batch)
        data = torch.tensor(synthetic_images(batches * a.batch, a.seed + 1), dtype=dtype)
        mean = np.clip(data.mean(0).numpy(), 1e-3, 1 - 1e-3)
        with torch.no_grad():
            model.decoder[-1].bias.copy_(torch.tensor(np.log(mean / (1 - mean)), dtype=dtype))
        opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=a.eps)
        state = {"next": 0}

        def step():
            i = state["next"]
            state["next"] = (i + 1) % batches
            xb = torch.bernoulli(data[i * a.batch:(i + 1) * a.batch])
            obj, _, _ = model.elbo(xb, a.samples)
            loss = -obj.mean()
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
            loss.item()
            return a.batch

        med, best = timed_windows(step, a.warmup, a.seconds, a.windows)
        result.update({"batch": a.batch, "examples_per_second": med, "best_examples_per_second": best})
    else:
        pool = 100
        digits = torch.tensor((np.random.default_rng(a.seed + 4).random((pool, 784))
                               < synthetic_images(pool, a.seed + 3)).astype(np.float64), dtype=dtype)
        state = {"next": 0}

        def estimate():
            i = state["next"]
            state["next"] = (i + a.points) % pool
            evidence(model, digits[i:i + a.points], a.eval_k, a.eval_chunk)
            return a.points

        med, best = timed_windows(estimate, a.warmup, a.seconds, a.windows)
        result.update({"k": a.eval_k, "points_per_second": med, "best_points_per_second": best})
    print(json.dumps(result))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.expanduser("~/.cache/elbo/mnist"))
    p.add_argument("--hidden", default="200,200")
    p.add_argument("--latent", type=int, default=50)
    p.add_argument("--activation", default="tanh")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--eps", type=float, default=1e-8, help="Adam epsilon")
    p.add_argument("--samples", type=int, default=1)
    p.add_argument("--iwae", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    p.add_argument("--train-limit", type=int, default=0, help="use the first N training images")
    p.add_argument("--max-seconds", type=float, default=0, help="stop training after this long (speed runs)")
    p.add_argument("--eval-k", type=int, default=0, help="importance samples for test log p(x); 0 = skip")
    p.add_argument("--eval-limit", type=int, default=1000)
    p.add_argument("--eval-chunk", type=int, default=1000)
    p.add_argument("--test-binarized", default="", help="raw 0/1 bytes of the binarized test set")
    p.add_argument("--evidence-only", action="store_true", help="time the evidence on an untrained model")
    p.add_argument("--throughput", choices=["train", "evidence"], default="",
                   help="speed mode on synthetic digits (see the top of this file)")
    p.add_argument("--seconds", type=float, default=10, help="speed mode: measuring time")
    p.add_argument("--warmup", type=float, default=3, help="speed mode: warm-up time")
    p.add_argument("--windows", type=int, default=10, help="speed mode: timed windows")
    p.add_argument("--points", type=int, default=2, help="speed mode, evidence: data points per call")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    dtype = torch.float64 if a.dtype == "float64" else torch.float32
    hidden = [int(h) for h in a.hidden.split(",") if h]
    if a.throughput:
        if not a.eval_k:
            a.eval_k = 5000
        throughput(a, dtype, hidden)
        return

    train = read_idx(find(a.data, "train-images-idx3-ubyte")).astype(np.float64) / 255.0
    if a.train_limit:
        train = train[: a.train_limit]
    test = read_idx(find(a.data, "t10k-images-idx3-ubyte")).astype(np.float64) / 255.0
    if a.test_binarized:
        test_bin = np.fromfile(a.test_binarized, dtype=np.uint8).reshape(-1, 784).astype(np.float64)
    else:
        test_bin = (np.random.default_rng(12345).random(test.shape) < test).astype(np.float64)

    model = Vae(train.shape[1], hidden, a.latent, a.activation).to(dtype)
    mean = np.clip(train.mean(0), 1e-3, 1 - 1e-3)
    with torch.no_grad():
        model.decoder[-1].bias.copy_(torch.tensor(np.log(mean / (1 - mean)), dtype=dtype))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, eps=a.eps)

    result = {"framework": "pytorch " + torch.__version__, "dtype": a.dtype, "threads": a.threads}
    if not a.evidence_only:
        n = train.shape[0]
        train_t = torch.tensor(train, dtype=dtype)
        seen = 0
        t0 = time.perf_counter()
        epochs_done = 0
        for epoch in range(a.epochs):
            perm = torch.tensor(rng.permutation(n))
            total, batches = 0.0, 0
            for s in range(0, n - a.batch + 1, a.batch):
                xb = train_t[perm[s:s + a.batch]]
                xb = torch.bernoulli(xb)
                if a.iwae:
                    lw = model.log_weights(xb, a.samples)
                    obj = torch.logsumexp(lw, 1) - math.log(a.samples)
                else:
                    obj, _, _ = model.elbo(xb, a.samples)
                loss = -obj.mean()
                opt.zero_grad(set_to_none=False)
                loss.backward()
                opt.step()
                total += -loss.item()
                batches += 1
                seen += xb.shape[0]
                if a.max_seconds and time.perf_counter() - t0 > a.max_seconds:
                    break
            epochs_done += 1
            print(f"epoch {epoch + 1}: train objective {total / max(batches, 1):.3f}", file=sys.stderr)
            if a.max_seconds and time.perf_counter() - t0 > a.max_seconds:
                break
        secs = time.perf_counter() - t0
        result.update({"epochs": epochs_done, "train_objective": total / max(batches, 1),
                       "examples_per_second": seen / secs, "seconds": secs})

    if a.eval_k:
        xt = torch.tensor(test_bin[: a.eval_limit], dtype=dtype)
        with torch.no_grad():
            el, _, _ = model.elbo(xt, 1)
        t0 = time.perf_counter()
        lp = evidence(model, xt, a.eval_k, a.eval_chunk)
        secs = time.perf_counter() - t0
        result.update({"n": len(lp), "k": a.eval_k, "elbo": el.mean().item(), "log_px": float(lp.mean()),
                       "log_px_stderr": float(lp.std(ddof=1) / math.sqrt(len(lp))) if len(lp) > 1 else 0.0,
                       "evidence_points_per_second": len(lp) / secs})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
