#!/usr/bin/python3
"""float64 GEMM speed of numpy (OpenBLAS) on the products elbo's GemmBenchmark measures.

Each layer (batch x in times in x out) gives three products, stored as elbo stores them:
  mul        C = A.B    A (m,k), B (k,n)                      forward  Y  = X.W
  mulTransB  C = A.B^T  A (m,k), B stored (n,k), passed as B.T  backward dX = dY.W^T
  mulTransA  C = A^T.B  A stored (k,m), passed as A.T, B (k,n)  backward dW = X^T.dY
The transposed views make OpenBLAS run dgemm with the same transposition flags, and
np.matmul(..., out=C) writes into a preallocated C, as elbo does.

Usage (Debian's python has numpy; the pyenv python3 on PATH may not):
  /usr/bin/python3 bench/gemm_numpy.py --threads 1 [--layers iwae-784-200,...] [--json]
--threads sets OPENBLAS_NUM_THREADS before numpy is imported.
"""
import argparse
import json
import os
import statistics
import sys
import time

ALL_LAYERS = ("iwae-784-200,iwae-200-200,iwae-200-100,iwae-50-200,iwae-200-784,"
              "torch-784-400,torch-400-40,torch-20-400,torch-400-784,cube-1024")
VARIANTS = ("mul", "mulTransB", "mulTransA")


def layer_shape(name):
    """(batch, in, out) of a layer name, as in GemmShapes.java."""
    kind, *sizes = name.split("-")
    if kind == "iwae":
        return 100, int(sizes[0]), int(sizes[1])
    if kind == "torch":
        return 128, int(sizes[0]), int(sizes[1])
    if kind == "cube":
        return int(sizes[0]), int(sizes[0]), int(sizes[0])
    raise SystemExit(f"unknown layer {name!r} (expected e.g. iwae-784-200)")


def product(variant, batch, n_in, n_out):
    """(m, n, k) of a layer's product, as in GemmShapes.java."""
    return {"mul": (batch, n_out, n_in),
            "mulTransB": (batch, n_in, n_out),
            "mulTransA": (n_in, n_out, batch)}[variant]


def measure(np, variant, m, n, k, seconds, samples=10, stat="best"):
    """GFLOP/s over `samples` samples of about `seconds`/samples each, after a warm-up: the best
    sample (least disturbed by other processes) or the median."""
    rng = np.random.default_rng(42)
    c = np.empty((m, n))
    if variant == "mul":
        a, b = rng.uniform(-1, 1, (m, k)), rng.uniform(-1, 1, (k, n))
        call = lambda: np.matmul(a, b, out=c)
    elif variant == "mulTransB":
        a, bt = rng.uniform(-1, 1, (m, k)), rng.uniform(-1, 1, (n, k))
        call = lambda: np.matmul(a, bt.T, out=c)
    else:
        at, b = rng.uniform(-1, 1, (k, m)), rng.uniform(-1, 1, (k, n))
        call = lambda: np.matmul(at.T, b, out=c)
    reps = 1
    while True:  # warm up and find a repetition count of about one sample's length
        start = time.perf_counter()
        for _ in range(reps):
            call()
        if time.perf_counter() - start > seconds / 10:
            break
        reps *= 2
    reps = max(1, int(reps * (seconds / samples) / max(time.perf_counter() - start, 1e-9)))
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(reps):
            call()
        times.append((time.perf_counter() - start) / reps)
    t = min(times) if stat == "best" else statistics.median(times)
    return 2.0 * m * n * k / t / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="OPENBLAS_NUM_THREADS (default 1)")
    parser.add_argument("--layers", default=ALL_LAYERS, help="comma-separated layer names")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--seconds", type=float, default=1.0, help="measuring time per product")
    parser.add_argument("--samples", type=int, default=10, help="samples per product")
    parser.add_argument("--stat", choices=("best", "median"), default="best",
                        help="best sample (default: robust on a shared machine) or median")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args()

    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    import numpy as np  # after setting the thread count: OpenBLAS reads it when loaded

    for layer in args.layers.split(","):
        for variant in args.variants.split(","):
            m, n, k = product(variant, *layer_shape(layer))
            gflops = measure(np, variant, m, n, k, args.seconds, args.samples, args.stat)
            if args.json:
                print(json.dumps({"layer": layer, "variant": variant, "m": m, "n": n, "k": k,
                                  "threads": args.threads, "gflops": gflops}), flush=True)
            else:
                print(f"{layer:14s} {variant:10s} m={m:5d} n={n:5d} k={k:5d} "
                      f"threads={args.threads}  {gflops:6.1f} GFLOP/s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
