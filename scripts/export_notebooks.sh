#!/usr/bin/env bash
# Writes the headline scenarios' notebooks: for every Problems/*.yaml except presets.yaml,
# NAME-pareto.ipynb (`epof pareto`), NAME-compare.ipynb (`epof compare`, all policies,
# --hours HOURS, seed 0) and NAME-whatif.ipynb (`epof whatif`, card cap 200–300 W × the
# ecommerce and research presets, first-epoch plans) into OUT_DIR.
#
#   scripts/export_notebooks.sh EPOF OUT_DIR [HOURS]      (HOURS default 6)
#
# Runs from the repository root with relative scenario paths (the notebooks quote them), so the
# bytes do not depend on the clone's location or on OUT_DIR: `make notebooks` writes into
# Notebooks-export/, `make check-notebooks-current` into a temporary folder and compares.
set -euo pipefail
epof="${1:?usage: export_notebooks.sh EPOF OUT_DIR [HOURS]}"
out="${2:?usage: export_notebooks.sh EPOF OUT_DIR [HOURS]}"
hours="${3:-6}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epof="$(cd "$(dirname "$epof")" && pwd)/$(basename "$epof")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
for scenario in Problems/*.yaml; do
    name="$(basename "$scenario" .yaml)"
    [[ "$name" == presets ]] && continue
    start=$SECONDS
    "$epof" pareto "$scenario" --notebook "$out/$name-pareto.ipynb" >/dev/null
    "$epof" compare "$scenario" --hours "$hours" --notebook "$out/$name-compare.ipynb" >/dev/null
    "$epof" whatif "$scenario" --vary power_cap=200W:300W:50W --vary preset=ecommerce,research --plan-only \
        --notebook "$out/$name-whatif.ipynb" >/dev/null
    echo "  $name: pareto, compare --hours $hours, whatif (card cap × preset, plan only) ($((SECONDS - start)) s)"
done
