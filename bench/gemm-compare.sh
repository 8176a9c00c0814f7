#!/usr/bin/env bash
# elbo Gemm against numpy/OpenBLAS, alternately, in one table. Options: see gemm_compare.py --help.
#   bench/gemm-compare.sh [--layers iwae-784-200,...] [--rounds 3] [--markdown]
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/gemm-compare.sh    # another JDK
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f bench/target/benchmarks.jar ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec /usr/bin/python3 bench/gemm_compare.py "$@"
