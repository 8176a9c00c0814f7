#!/usr/bin/python3
"""elbo side by side with PyTorch and OpenBLAS: GEMM, VAE training, evidence. Run it through
bench/compare.sh, which installs the references and builds elbo first.

The machine may be shared, so elbo and the references run alternately on the same work, in
several rounds (the order flips every other round); a cell is the median over the rounds of each
run's median window, and the ratios compare figures taken in the same run of this script.

  GEMM      GFLOP/s of the three products of each layer (bench/gemm_compare.py: JMH GemmBenchmark
            against numpy/OpenBLAS), 1 and 2 threads.
  training  examples/s of the real training step (StepThroughput: TrainingStep, the step of
            `elbo train`: dynamic binarization, ELBO with one sample and analytic KL, backward,
            Adam) against bench/torch_vae.py --throughput train (the same model, objective and
            optimizer), float64 and float32, on synthetic MNIST-like digits (19% of the pixels lit,
            grey levels in [0.5, 1), binarized anew each step):
              iwae     784-200-200-50 tanh, Bernoulli, batch 100 (the IWAE paper's model)
              pytorch  784-400-20 relu, Bernoulli, batch 128 (the PyTorch example's model)
  evidence  data points/s of log p(x) by importance sampling, k = 5000 in chunks of 1000 rows
            (EvidenceThroughput, as `elbo eval`), against torch_vae.py --throughput evidence,
            float64, on the iwae model.

Ratios: "best" is each side's fastest setting (thread count, and for PyTorch float64 or float32
as the column says), "1T" both sides on one thread.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

MODELS = {  # name: (hidden, latent, activation, batch)
    "iwae": ("200,200", 50, "tanh", 100),
    "pytorch": ("400", 20, "relu", 128),
}
MODEL_TITLES = {"iwae": "IWAE paper 784-200-200-50 tanh, batch 100",
                "pytorch": "PyTorch example 784-400-20 relu, batch 128"}
THREADS = (1, 2)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_json(cmd, env=None):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit("failed: " + " ".join(cmd))
    return json.loads(lines[-1])


def java_cmd(a, main):
    return [a.java, "--add-modules=jdk.incubator.vector", "-Xmx2g"] + a.jvm_args.split() + [
        "-cp", a.jar, "dev.elbo.bench." + main]


def torch_env(threads):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


def elbo_train(a, model, threads):
    r = run_json(java_cmd(a, "StepThroughput") + [
        "--model", model, "--threads", str(threads), "--warmup", str(a.java_warmup),
        "--seconds", str(a.seconds), "--windows", str(a.windows)])
    return r["examples_per_second"]


def torch_train(a, model, threads, dtype):
    hidden, latent, act, batch = MODELS[model]
    r = run_json([a.python, os.path.join(HERE, "torch_vae.py"), "--throughput", "train", "--hidden", hidden,
                  "--latent", str(latent), "--activation", act, "--batch", str(batch), "--threads", str(threads),
                  "--dtype", dtype, "--warmup", str(a.torch_warmup), "--seconds", str(a.seconds),
                  "--windows", str(a.windows)], env=torch_env(threads))
    return r["examples_per_second"]


def elbo_evidence(a, threads):
    r = run_json(java_cmd(a, "EvidenceThroughput") + [
        "--model", "iwae", "--k", str(a.k), "--threads", str(threads), "--warmup", str(a.java_warmup),
        "--seconds", str(a.evidence_seconds), "--windows", str(a.evidence_windows)])
    return r["points_per_second"]


def torch_evidence(a, threads):
    hidden, latent, act, _ = MODELS["iwae"]
    r = run_json([a.python, os.path.join(HERE, "torch_vae.py"), "--throughput", "evidence", "--hidden", hidden,
                  "--latent", str(latent), "--activation", act, "--eval-k", str(a.k), "--eval-chunk", "1000",
                  "--threads", str(threads), "--dtype", "float64", "--warmup", str(a.torch_warmup),
                  "--seconds", str(a.evidence_seconds), "--windows", str(a.evidence_windows)],
                 env=torch_env(threads))
    return r["points_per_second"]


def alternate(jobs, rnd):
    """The jobs of one round, elbo and references interleaved; reversed every other round."""
    return jobs if rnd % 2 == 0 else jobs[::-1]


def measure(a):
    train, evid = {}, {}
    for rnd in range(a.rounds):
        if "train" in a.parts:
            for model in MODELS:
                jobs = []
                for t in THREADS:
                    jobs += [(("elbo", t), lambda t=t: elbo_train(a, model, t)),
                             (("float64", t), lambda t=t: torch_train(a, model, t, "float64")),
                             (("float32", t), lambda t=t: torch_train(a, model, t, "float32"))]
                for key, job in alternate(jobs, rnd):
                    v = job()
                    train.setdefault((model,) + key, []).append(v)
                    log(f"# round {rnd + 1}/{a.rounds} train {model} {key[0]} {key[1]}T: {v:,.0f} examples/s")
        if "evidence" in a.parts:
            jobs = []
            for t in THREADS:
                jobs += [(("elbo", t), lambda t=t: elbo_evidence(a, t)),
                         (("float64", t), lambda t=t: torch_evidence(a, t))]
            for key, job in alternate(jobs, rnd):
                v = job()
                evid.setdefault(key, []).append(v)
                log(f"# round {rnd + 1}/{a.rounds} evidence {key[0]} {key[1]}T: {v:.2f} points/s")
    return train, evid


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def train_table(train):
    out = ["### Training, examples/s (higher is better)", "",
           "| model | elbo 1T | elbo 2T | PyTorch f64 1T | f64 2T | f32 1T | f32 2T "
           "| elbo/f64 best | elbo/f64 1T | elbo/f32 best | elbo/f32 1T |",
           "|---|" + "---:|" * 10]
    for model in MODELS:
        c = {(s, t): med(train.get((model, s, t), [])) for s in ("elbo", "float64", "float32") for t in THREADS}
        best = {s: max(c[(s, t)] for t in THREADS) for s in ("elbo", "float64", "float32")}
        cells = [f"{c[(s, t)]:,.0f}" for s in ("elbo", "float64", "float32") for t in THREADS]
        ratios = [best["elbo"] / best["float64"], c[("elbo", 1)] / c[("float64", 1)],
                  best["elbo"] / best["float32"], c[("elbo", 1)] / c[("float32", 1)]]
        out.append(f"| {MODEL_TITLES[model]} | " + " | ".join(cells) + " | "
                   + " | ".join(f"{r:.2f}" for r in ratios) + " |")
    return out


def evidence_table(evid, k):
    c = {(s, t): med(evid.get((s, t), [])) for s in ("elbo", "float64") for t in THREADS}
    best = {s: max(c[(s, t)] for t in THREADS) for s in ("elbo", "float64")}
    return [f"### Evidence log p(x), k = {k}, data points/s (higher is better)", "",
            "| model | elbo 1T | elbo 2T | PyTorch f64 1T | f64 2T | elbo/f64 best | elbo/f64 1T |",
            "|---|" + "---:|" * 6,
            f"| {MODEL_TITLES['iwae'].split(', batch')[0]} | "
            + " | ".join(f"{c[(s, t)]:.2f}" for s in ("elbo", "float64") for t in THREADS)
            + f" | {best['elbo'] / best['float64']:.2f} | {c[('elbo', 1)] / c[('float64', 1)]:.2f} |"]


def gemm_table(a):
    cmd = [a.python, os.path.join(HERE, "gemm_compare.py"), "--markdown", "--stat", "median",
           "--rounds", str(a.rounds), "--layers", a.gemm_layers, "--java", a.java, "--jar", a.jar,
           "--python", a.python, "--iterations", str(a.gemm_iterations), "--warmups", str(a.gemm_warmups),
           "--sample-ms", str(a.gemm_sample_ms), "--ignore-lock"]
    if a.jvm_args:
        cmd.append("--jvm-args=" + a.jvm_args)
    log("# GEMM: " + " ".join(cmd))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return ["### GEMM, GFLOP/s (higher is better; ratio = elbo / OpenBLAS)", ""] + proc.stdout.strip().splitlines()


def versions(a):
    java = subprocess.run([a.java, "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
    torch = subprocess.run([a.python, "-c", "import torch, numpy; print(torch.__version__, numpy.__version__)"],
                           stdout=subprocess.PIPE, text=True).stdout.split()
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC; {cpu}, {os.cpu_count()} logical CPUs; "
            f"load average at start {os.getloadavg()[0]:.2f}; {java[0] if java else 'java ?'}; "
            f"PyTorch {torch[0] if torch else '?'}, numpy {torch[1] if len(torch) > 1 else '?'} on OpenBLAS")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                usage="bench/compare.sh [--quick] [--rounds N] [--parts gemm,train,evidence] "
                                      "[--out FILE] [options]")
    p.add_argument("--quick", action="store_true",
                   help="1 round, short windows, two GEMM layers: a check of the script (~3 min), not figures")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--parts", default="gemm,train,evidence", help="which comparisons, comma-separated")
    p.add_argument("--out", default=os.path.join(HERE, "results", "compare.md"), help="Markdown table file")
    p.add_argument("--seconds", type=float, default=10, help="training: measuring time per run")
    p.add_argument("--windows", type=int, default=10, help="training: windows per run (a run's figure is their median)")
    p.add_argument("--evidence-seconds", type=float, default=15, help="evidence: measuring time per run")
    p.add_argument("--evidence-windows", type=int, default=5)
    p.add_argument("--k", type=int, default=5000, help="evidence: importance samples per data point")
    p.add_argument("--java-warmup", type=float, default=10,
                   help="seconds of warm-up before measuring (on a busy machine C2 needs 5-25 s for all kernels)")
    p.add_argument("--torch-warmup", type=float, default=3)
    p.add_argument("--gemm-layers", default="iwae-784-200,iwae-200-200,iwae-50-200,iwae-200-784,"
                                            "torch-784-400,torch-20-400,torch-400-784")
    p.add_argument("--gemm-iterations", type=int, default=10)
    p.add_argument("--gemm-warmups", type=int, default=10)
    p.add_argument("--gemm-sample-ms", type=int, default=200)
    p.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                   if os.environ.get("JAVA_HOME") else "java")
    p.add_argument("--jvm-args", default="", help="extra JVM options for elbo's runs")
    p.add_argument("--jar", default=os.path.join(HERE, "target", "benchmarks.jar"))
    p.add_argument("--python", default="/usr/bin/python3", help="a python with torch and numpy")
    a = p.parse_args()
    if a.quick:
        a.rounds, a.seconds, a.windows, a.java_warmup, a.torch_warmup = 1, 3, 3, 3, 1
        a.evidence_seconds, a.evidence_windows = 4, 2
        a.gemm_layers, a.gemm_iterations, a.gemm_warmups, a.gemm_sample_ms = "iwae-784-200,torch-784-400", 3, 10, 150
    a.parts = a.parts.split(",")

    header = versions(a)
    log("# " + header)
    lines = ["## elbo side by side with PyTorch and OpenBLAS", "",
             f"Measured by `bench/compare.sh {' '.join(sys.argv[1:])}`: {header}. "
             f"{a.rounds} round(s), elbo and the references alternately; each cell is the median over the "
             f"rounds of a run's median window.", ""]
    train, evid = measure(a)
    if "train" in a.parts:
        lines += train_table(train) + [""]
    if "evidence" in a.parts:
        lines += evidence_table(evid, a.k) + [""]
    if "gemm" in a.parts:
        lines += gemm_table(a) + [""]
    text = "\n".join(lines)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(text + "\n")
    log(f"# written to {a.out}")


if __name__ == "__main__":
    main()
