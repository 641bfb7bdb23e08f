#!/usr/bin/env bash
# The found network against its peers, with the same final-training budget: examples/reference-cnn.json (a hand-made
# CNN) and the best of 5 random architectures of the same space (trained stand-alone at the preset's low fidelity,
# then the best of them retrained). Every final training uses the preset's dataset, augmentation, optimiser and
# schedule, up to EPOCHS epochs with PATIENCE, on the full training split; the test split is touched once each.
#
#   benchmarks/final-budget.sh [PRESET] [EXPERIMENT]     # defaults: examples/fashion-mnist.yaml fashion-mnist-shared
#   EPOCHS=12 PATIENCE=3 OUT=target/final-budget          # the defaults, as in the preset's shared section
#
# The found network's figures come from the experiment's stored final training (run the preset first: bin/run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="${1:-$root/examples/fashion-mnist.yaml}"
experiment="${2:-fashion-mnist-shared}"
epochs="${EPOCHS:-12}"
patience="${PATIENCE:-3}"
out="${OUT:-$root/target/final-budget}"
nas="$root/bin/nas"
mkdir -p "$out"

"$nas" train --arch "$root/examples/reference-cnn.json" --config "$preset" --epochs "$epochs" --patience "$patience" \
  --out "$out/reference-cnn" --force | tee "$out/reference-cnn.log"

# The same experiment file as a stand-alone random search of 5 trials: everything before its evaluation section.
random="$experiment-random5"
awk -v name="$random" '/^evaluation:/ { exit } /^name:/ { print "name: " name; next } { print }' "$preset" > "$out/random5.yaml"
printf 'evaluation: standalone\nstrategy: {name: random}\nbudget: {trials: 5}\n' >> "$out/random5.yaml"
"$nas" search --config "$out/random5.yaml" --no-web | tee "$out/random5-search.log"
"$nas" export "$random" --top 1 --retrain --epochs "$epochs" --patience "$patience" --out "$out/random5" --force \
  | tee "$out/random5-export.log"

"$nas" status "$experiment" --json > "$out/found.json" || echo "no experiment $experiment: run the preset first (bin/run)"
/usr/bin/python3 - "$out" <<'EOF'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
rows = []
try:
    final = json.loads((out / "found.json").read_text()).get("final")
    if final:
        rows.append(("found by the search", final["key"], final["params"], final["test_accuracy"], final["seconds"]))
except (ValueError, FileNotFoundError):
    pass
def trained(folder, label):
    summary = json.loads((folder / "final-training.json").read_text())
    t = summary["training"]
    rows.append((label, summary["key"], t["params"], summary["testAccuracy"], t["trainingSeconds"]))
trained(out / "reference-cnn", "examples/reference-cnn.json")
trained(next((out / "random5").glob("01-*")), "best of 5 random")
print(f"{'network':30} {'params':>9} {'test acc':>9} {'seconds':>8}  architecture")
for label, key, params, acc, seconds in rows:
    print(f"{label:30} {params:>9,} {acc:>9.4f} {seconds:>8.0f}  {key}")
EOF
