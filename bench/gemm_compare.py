#!/usr/bin/python3
"""elbo's Gemm (JMH, GemmBenchmark) against numpy/OpenBLAS on the same products, side by side.

The machine may be shared, so the two are measured alternately, layer by layer (the Java
benchmark of a layer, then numpy on the same layer; the order flips every other round), and
the table shows ratios. Each side is measured as many short samples (JMH iterations of
--sample-ms, numpy samples of the same length) and a cell is the best sample over all rounds
(--stat best, the default: interference only ever slows a sample down) or their median.

  bench/gemm-compare.sh                        # all layers, 1 round (~7 min)
  bench/gemm-compare.sh --layers iwae-784-200,iwae-50-200 --rounds 3
  bench/gemm-compare.sh --jvm-args=-XX:UseAVX=2 --coretype Haswell   # AVX2 against AVX2

Columns: elbo and OpenBLAS GFLOP/s on 1 and 2 threads, elbo/OpenBLAS, and elbo's 2T/1T.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gemm_numpy  # noqa: E402  (same layer names and products)


def run_java(args, layer, threads, variants):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    jvm_args = "--add-modules=jdk.incubator.vector"
    if args.jvm_args:
        jvm_args += " " + args.jvm_args
    cmd = [args.java]
    if args.ignore_lock:
        cmd.append("-Djmh.ignoreLock=true")
    cmd += ["-jar", args.jar, "GemmBenchmark\\.(" + "|".join(variants) + ")$",
            "-p", "layer=" + layer, "-p", "threads=" + ",".join(map(str, threads)),
            "-f", "1", "-wi", str(args.warmups), "-w", f"{args.sample_ms}ms",
            "-i", str(args.iterations), "-r", f"{args.sample_ms}ms",
            "-jvmArgsAppend", jvm_args, "-rf", "json", "-rff", out]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0 or os.path.getsize(out) == 0:
        sys.stderr.write(proc.stdout[-3000:])
        raise SystemExit("JMH failed: " + " ".join(cmd))
    with open(out) as f:
        results = json.load(f)
    os.unlink(out)
    scores = {}
    for r in results:
        variant = r["benchmark"].rsplit(".", 1)[1]
        samples = [x for fork in r["secondaryMetrics"]["gflops"]["rawData"] for x in fork]
        scores[(variant, int(r["params"]["threads"]))] = samples
    return scores


def run_numpy(args, layer, threads, variants):
    scores = {}
    env = dict(os.environ)
    if args.coretype:
        env["OPENBLAS_CORETYPE"] = args.coretype
    for t in threads:
        cmd = [args.python, os.path.join(HERE, "gemm_numpy.py"), "--threads", str(t), "--layers", layer,
               "--variants", ",".join(variants), "--seconds", str(args.iterations * args.sample_ms / 1000),
               "--samples", str(args.iterations), "--stat", args.stat, "--json"]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, check=True)
        for line in proc.stdout.splitlines():
            r = json.loads(line)
            scores[(r["variant"], t)] = [r["gflops"]]
    return scores


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layers", default=gemm_numpy.ALL_LAYERS)
    p.add_argument("--variants", default=",".join(gemm_numpy.VARIANTS))
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                   if os.environ.get("JAVA_HOME") else "java")
    p.add_argument("--jar", default=os.path.join(HERE, "target", "benchmarks.jar"))
    p.add_argument("--python", default="/usr/bin/python3", help="a python with numpy")
    p.add_argument("--jvm-args", default="", help="extra JVM options for the benchmark fork")
    p.add_argument("--coretype", default="", help="OPENBLAS_CORETYPE for numpy, e.g. Haswell (AVX2)")
    p.add_argument("--warmups", type=int, default=10,
                   help="JMH warm-up iterations (the JIT needs 1-2 s for the kernels)")
    p.add_argument("--iterations", type=int, default=10, help="samples per product and side")
    p.add_argument("--sample-ms", type=int, default=200, help="length of one sample")
    p.add_argument("--stat", choices=("best", "median"), default="best")
    p.add_argument("--ignore-lock", action="store_true",
                   help="run even if another JMH holds /tmp/jmh.lock (numbers will be noisier)")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = p.parse_args()

    threads = (1, 2)
    variants = args.variants.split(",")
    layers = args.layers.split(",")
    elbo, blas = {}, {}
    for rnd in range(args.rounds):
        for layer in layers:
            order = (run_java, run_numpy) if rnd % 2 == 0 else (run_numpy, run_java)
            for runner in order:
                scores = runner(args, layer, threads, variants)
                target = elbo if runner is run_java else blas
                for key, values in scores.items():
                    target.setdefault((layer,) + key, []).extend(values)
            print(f"# round {rnd + 1}/{args.rounds}: {layer} done", file=sys.stderr, flush=True)

    if args.stat == "best":
        med = lambda xs: max(xs) if xs else float("nan")
    else:
        med = lambda xs: statistics.median(xs) if xs else float("nan")
    rows = []
    for layer in layers:
        for variant in variants:
            m, n, k = gemm_numpy.product(variant, *gemm_numpy.layer_shape(layer))
            e1, e2 = med(elbo.get((layer, variant, 1), [])), med(elbo.get((layer, variant, 2), []))
            b1, b2 = med(blas.get((layer, variant, 1), [])), med(blas.get((layer, variant, 2), []))
            rows.append((layer, variant, f"{m}x{n}x{k}", e1, b1, e1 / b1, e2, b2, e2 / b2, e2 / e1))

    head = ("layer", "variant", "m x n x k", "elbo 1T", "BLAS 1T", "ratio", "elbo 2T", "BLAS 2T", "ratio",
            "elbo 2T/1T")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in rows:
            print("| " + " | ".join(r[:3]) + " | " + " | ".join(
                f"{x:.2f}" if i in (2, 5, 6) else f"{x:.1f}" for i, x in enumerate(r[3:])) + " |")
    else:
        print(f"{head[0]:14s} {head[1]:10s} {head[2]:>14s} {head[3]:>8s} {head[4]:>8s} {head[5]:>6s} "
              f"{head[6]:>8s} {head[7]:>8s} {head[8]:>6s} {head[9]:>10s}")
        for r in rows:
            print(f"{r[0]:14s} {r[1]:10s} {r[2]:>14s} {r[3]:8.1f} {r[4]:8.1f} {r[5]:6.2f} "
                  f"{r[6]:8.1f} {r[7]:8.1f} {r[8]:6.2f} {r[9]:10.2f}")
    print(f"# GFLOP/s = 2mnk/time; {args.stat} of {args.iterations} samples x {args.rounds} round(s) of "
          f"{args.sample_ms} ms; java: {args.java} {args.jvm_args}"
          + (f"; OPENBLAS_CORETYPE={args.coretype}" if args.coretype else ""))


if __name__ == "__main__":
    main()
