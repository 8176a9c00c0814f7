#!/usr/bin/env bash
# Accuracy side by side: the IWAE paper's model (784-200-200-50 tanh, Bernoulli decoder) trained
# by elbo and by the PyTorch reference (bench/torch_vae.py) the same way — all 60,000 training
# digits, dynamic binarization, Adam lr 1e-3, batch 100, EPOCHS epochs — then both score the
# same binarized test digits (10,000, k = 5000 importance samples). Prints both log p(x).
#
#   bench/mnist-compare.sh [EPOCHS] [SEED]        (defaults: 50, 0)
#
# Environment: LIMIT (test digits, default 10000), K (default 5000), THREADS (default 2),
# OUT (default runs/compare). Needs Debian's python3-torch and libopenblas0-pthread
# (bench/install-references.sh installs them). Takes about an hour at the defaults on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

EPOCHS=${1:-50}
SEED=${2:-0}
LIMIT=${LIMIT:-10000}
K=${K:-5000}
THREADS=${THREADS:-2}
OUT=${OUT:-runs/compare}
PY=/usr/bin/python3
mkdir -p "$OUT"

./elbo data fetch mnist >/dev/null
MNIST=$(./elbo data path mnist)
BIN="$OUT/test-binarized.u8"
./elbo data binarize-test mnist --out "$BIN" >/dev/null

echo "== elbo: training $EPOCHS epochs" >&2
./elbo train --data mnist --valid-fraction 0 --hidden 200,200 --latent 50 --activation tanh \
  --likelihood bernoulli --epochs "$EPOCHS" --batch 100 --lr 1e-3 --seed "$SEED" \
  --threads "$THREADS" --pictures end --progress lines --force --out "$OUT/elbo" --json >"$OUT/elbo-train.json"
echo "== elbo: evaluating (k = $K, $LIMIT digits)" >&2
./elbo eval --run "$OUT/elbo" --binarized "$BIN" --limit "$LIMIT" --k "$K" --threads "$THREADS" \
  --progress lines --json >"$OUT/elbo-eval.json"

echo "== PyTorch: training $EPOCHS epochs and evaluating" >&2
OMP_NUM_THREADS=$THREADS "$PY" bench/torch_vae.py --data "$MNIST" --hidden 200,200 --latent 50 \
  --activation tanh --epochs "$EPOCHS" --batch 100 --lr 1e-3 --seed "$SEED" --threads "$THREADS" \
  --eval-k "$K" --eval-limit "$LIMIT" --test-binarized "$BIN" >"$OUT/torch.json"

"$PY" - "$OUT" <<'EOF'
import json, sys
out = sys.argv[1]
e = json.load(open(f"{out}/elbo-eval.json"))
t = json.load(open(f"{out}/torch.json"))
print(f"{'':10} {'log p(x)':>10} {'± stderr':>9} {'ELBO':>9}")
print(f"{'elbo':10} {e['log_px']:10.2f} {e['log_px_stderr']:9.2f} {e['elbo']:9.2f}")
print(f"{'pytorch':10} {t['log_px']:10.2f} {t['log_px_stderr']:9.2f} {t['elbo']:9.2f}")
print(f"difference (elbo − pytorch): {e['log_px'] - t['log_px']:+.2f} nats")
EOF
