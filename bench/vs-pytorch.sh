#!/usr/bin/env bash
# clearbench vs PyTorch on the same training step (../shared/reference/torch_step.py), alternating, 3 runs each;
# prints both medians and the ratio clearbench / PyTorch (lower is better; the goal is <= 0.8).
# Needs Debian's python3-torch (apt-get install -y python3-torch libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
reference="${TORCH_STEP:-../shared/reference/torch_step.py}"
threads="${TORCH_THREADS:-1}"
ours=(); theirs=()
for run in 1 2 3; do
  ours+=("$(node --import tsx bench/step.bench.ts --json | node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).median_ms))')")
  theirs+=("$(/usr/bin/python3 "$reference" "$threads" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["median_ms"])')")
  echo "run $run: clearbench ${ours[-1]} ms, pytorch (${threads} thread) ${theirs[-1]} ms" >&2
done
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
node -e "const o=$(median "${ours[@]}"), t=$(median "${theirs[@]}"); console.log(JSON.stringify({clearbench_ms:o, pytorch_ms:t, pytorch_threads:$threads, ratio:+(o/t).toFixed(3)}))"
