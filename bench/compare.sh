#!/usr/bin/env bash
# elbo side by side with PyTorch and OpenBLAS, in one command: installs the references
# (bench/install-references.sh: Debian's python3-torch, python3-numpy, libopenblas0-pthread),
# builds elbo's benchmarks, then runs elbo and the references alternately on the same work,
# several rounds, and prints a Markdown table of medians and ratios (GEMM GFLOP/s, VAE training
# examples/s, evidence data points/s), also written to bench/results/compare.md.
#
#   bench/compare.sh --help
#   bench/compare.sh --quick                  # 1 short round: checks the script (~3 min)
#   bench/compare.sh                          # 3 rounds (~35 min on 2 cores)
#   bench/compare.sh --parts train --rounds 5 --out /tmp/train.md
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/compare.sh   # another JDK
set -euo pipefail
cd "$(dirname "$0")/.."
for arg in "$@"; do
  if [[ $arg == -h || $arg == --help ]]; then exec python3 bench/compare.py --help; fi
done
bench/install-references.sh
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec /usr/bin/python3 bench/compare.py "$@"
