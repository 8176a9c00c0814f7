#!/usr/bin/python3
"""Groups async-profiler collapsed stacks (one 'frame;frame;... count' per line) into where the
time goes: for each sample, the first frame (from the root) that matches one of the categories
names it; otherwise its leaf frame. Prints percentages.

  bench/profile/breakdown.py collapsed-cpu.csv [--root TrainingStep.run] [--leaf]
"""
import argparse
import collections
import re

CATEGORIES = [
    # (label, regex on a frame), most specific first: the deepest matching frame wins
    ("gemm", r"^Gemm\.|^GemmVector|^GemmMicroKernels"),
    ("sparse gemm", r"^GemmSparse"),
    ("adam", r"^Adam\.update|^SlotOptimizer"),
    ("grad norm", r"^GradientClipping"),
    ("binarize", r"^Binarization"),
    ("noise", r"^Samples\.noise|^Rng\.fillNormal"),
    ("tape: zero grads", r"^Tape\.needsGrad"),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--root", default="", help="only samples whose stack holds this frame")
    p.add_argument("--leaf", action="store_true", help="group by leaf frame instead")
    p.add_argument("--ops", action="store_true", help="group by the tape op (X.apply / X.backward)")
    p.add_argument("--top", type=int, default=40)
    a = p.parse_args()
    counts = collections.Counter()
    total = 0
    for line in open(a.file):
        stack, _, n = line.rstrip().rpartition(" ")
        n = int(n)
        frames = stack.split(";")
        if a.root and not any(a.root in f for f in frames):
            continue
        total += n
        if a.leaf:
            counts[frames[-1]] += n
            continue
        label = None
        if a.ops:
            for f in frames:
                if re.search(r"(Ops\$\w+)\.(apply|backward)$", f):
                    label = re.sub(r"^.*?(\w+Ops\$\w+\.\w+)$", r"\1", f)
                    break
        if label is None:
            for f in frames:
                for name, rx in CATEGORIES:
                    if re.search(rx, f):
                        label = name
                        break
                if label:
                    break
        if label is None:
            label = "other: " + frames[-1]
        counts[label] += n
    try:
        for label, n in counts.most_common(a.top):
            print(f"{100.0 * n / total:6.2f}%  {label}")
    except BrokenPipeError:
        return
    print(f"total samples {total}")


if __name__ == "__main__":
    main()
