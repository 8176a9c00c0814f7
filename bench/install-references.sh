#!/usr/bin/env bash
# Installs the reference implementations the side-by-side benchmarks compare against:
# Debian's numpy and PyTorch (float64 and float32) on OpenBLAS. Without libopenblas0-pthread
# both fall back to Debian's reference BLAS, about 8x slower, and the comparison means nothing.
set -euo pipefail
if /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null && ldconfig -p | grep -q libopenblas; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-numpy python3-torch libopenblas0-pthread >/dev/null
/usr/bin/python3 - <<'PY'
import numpy, torch
print("numpy", numpy.__version__, "torch", torch.__version__)
PY
