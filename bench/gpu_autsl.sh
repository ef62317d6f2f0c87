#!/usr/bin/env bash
# bench/gpu_autsl.sh: s/epoch and peak memory of the full-size `autsl` preset (CTR-GCN 64 base channels,
# 64 frames, batch 80, 87 joints, bf16) on an AUTSL-sized synthetic set (226 classes). Prepared for a
# one-GPU machine; not run here (no GPU in this session). Usage: bash bench/gpu_autsl.sh [WORKDIR]
# Writes WORKDIR/gpu_autsl.json with the run's metrics.json and the first epoch's record.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/gspgen-gpu-autsl}
PY=${PY:-.venv/bin/python}
export PYTHONPATH=src HF_HUB_OFFLINE=1
mkdir -p "$WORK"
gspgen() { "$PY" -c "import sys; from gspgen.cli import main; sys.argv[0] = 'gspgen'; main()" "$@"; }

# 226 lexicon glosses (row 33 renders NaN in today's generator, so it is skipped), 30 signers x 4
# repetitions = 27,120 clips (~70 % train by signer, like AUTSL's 28,142 train clips), 40-120 frames.
if [ ! -d "$WORK/autsl226" ]; then
  "$PY" - "$WORK" <<'PYEOF'
import sys
from pathlib import Path
from gspgen.config import DataSettings
from gspgen.lexicon.coding import load_lexicon
rows = load_lexicon(DataSettings().lexicon)
glosses = [e.gloss for i, e in enumerate(rows[:240]) if i != 33][:226]
Path(sys.argv[1], "vocab226.txt").write_text("\n".join(glosses) + "\n")
PYEOF
  gspgen synth -o "$WORK/autsl226" -k 226 --vocab "$WORK/vocab226.txt" --signers 30 --repetitions 4 --frames 40:120
fi
"$PY" bench/train.py --help >/dev/null  # same checkout sanity
"$PY" - "$WORK" <<'PYEOF'
import sys
from pathlib import Path
sys.path.insert(0, "bench")
from train import make_descriptions
make_descriptions(Path(sys.argv[1], "autsl226"), Path(sys.argv[1], "descriptions.jsonl"))
PYEOF
rm -rf "$WORK/run"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$WORK/gpu.txt"
# Two epochs (the first includes cuDNN/allocator warm-up); timings are read per epoch from last.pt.
time gspgen train --data "$WORK/autsl226" --descriptions "$WORK/descriptions.jsonl" --preset autsl \
  --precision bf16 --epochs 2 --workers 12 -o "$WORK/run"
"$PY" - "$WORK" <<'PYEOF'
import json, sys
from pathlib import Path
import torch
work = Path(sys.argv[1])
state = torch.load(work / "run/last.pt", map_location="cpu", weights_only=True)
out = {"gpu": (work / "gpu.txt").read_text().strip(), "epochs": state["history"], "metrics": json.loads((work / "run/metrics.json").read_text())}
(work / "gpu_autsl.json").write_text(json.dumps(out, indent=2, default=str))
for h in state["history"]:
    print(f"epoch {h['epoch']}: {h['seconds']:.1f} s, {h['clips_per_s']:.0f} clips/s, peak {h['peak_memory_mb']:.0f} MiB")
PYEOF
