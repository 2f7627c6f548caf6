#!/usr/bin/env bash
# Times EPOF's LinearModel (epof-bench epoch-lp, CLP and GLPK backends) against the Python
# peers of shared/bench/epoch_lp.py on the canonical epoch LP, and prints a table of medians.
#
#   bench/compare_peers.sh [-n RUNS] [--no-install] [CARDSxHORIZON ...]     (default: 8x24 8x96)
#
# Steps: bench/.venv with pinned peers (created if missing); the JSON data emitted once per
# size into a temp dir; epof-bench built in release; then every tool RUNS times (default 3),
# each run a fresh process, medians taken per column. pyomo-glpk needs glpsol (Debian
# glpk-utils) and pyomo-cbc needs cbc (Debian coinor-cbc): installed with apt-get when
# missing and running as root (unless --no-install), otherwise those peers are skipped.
# The shared script is looked up at ../shared/bench/epoch_lp.py from the repository root
# (override with EPOCH_LP=/path/epoch_lp.py).
set -euo pipefail

runs=3
install=1
sizes=()
while (($#)); do
    case "$1" in
        -n) runs="${2:?-n needs a number}"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        [0-9]*x[0-9]*) sizes+=("$1"); shift ;;
        *) echo "compare_peers.sh: unknown argument '$1' (sizes look like 8x96)" >&2; exit 2 ;;
    esac
done
((${#sizes[@]})) || sizes=(8x24 8x96)
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "compare_peers.sh: -n needs a positive integer, got '$runs'" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epoch_lp="${EPOCH_LP:-$root/../shared/bench/epoch_lp.py}"
if [[ ! -f "$epoch_lp" ]]; then
    echo "compare_peers.sh: the shared benchmark script is missing: $epoch_lp" >&2
    echo "  (expected shared/ beside the repository, or set EPOCH_LP=/path/to/epoch_lp.py)" >&2
    exit 1
fi
epoch_lp="$(cd "$(dirname "$epoch_lp")" && pwd)/$(basename "$epoch_lp")"
weight_step=0.05
# EPOF configurations, NAME:OPTIONS. The backends' defaults (CLP picks primal simplex for this
# column-rich LP), and CLP as the planner runs it: presolve off, which warm starts need anyway
# (a presolved LP has no basis to keep) and which on this LP removes nothing (same iterations).
epof_configs=("epof-clp:--solver clp" "epof-clp-nopre:--solver clp --presolve off" "epof-glpk:--solver glpk")

# --- peers' virtual environment (versions verified to install and run here) -------------
venv="$root/bench/.venv"
py="$venv/bin/python"
pins=(pulp==3.3.2 highspy==1.16.0 pyomo==6.10.1 numpy==2.4.6)
if [[ ! -x "$py" ]]; then
    echo "== creating $venv (${pins[*]})"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
fi
"$py" -c 'import pulp, highspy, pyomo, numpy' 2>/dev/null || {
    echo "== installing ${pins[*]} into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}"
}

# --- solver programs for the Pyomo peers -------------------------------------------------
apt_updated=0
ensure_program() {  # ensure_program PROGRAM DEBIAN_PACKAGE  -> 0 when available
    command -v "$1" >/dev/null 2>&1 && return 0
    if ((install)) && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "== $1 missing: apt-get install $2"
        if ((apt_updated == 0)); then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1
}
peers=(highspy pulp)
if ensure_program glpsol glpk-utils; then peers+=(pyomo-glpk); else echo "== skipping pyomo-glpk: glpsol not found (Debian package glpk-utils)"; fi
if ensure_program cbc coinor-cbc; then peers+=(pyomo-cbc); else echo "== skipping pyomo-cbc: cbc not found (Debian package coinor-cbc)"; fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --- epof-bench ----------------------------------------------------------------------------
echo "== swift build -c release --product epof-bench"
if ! swift build -c release --product epof-bench >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log" >&2
    echo "compare_peers.sh: building epof-bench failed" >&2
    exit 1
fi
epof="$(swift build -c release --show-bin-path)/epof-bench"
[[ -x "$epof" ]] || { echo "compare_peers.sh: $epof was not built" >&2; exit 1; }

results="$tmp/results.txt"   # lines: SIZE TOOL key=value ...
: >"$results"
commands=()

# run_tool SIZE TOOL COMMAND...: RUNS fresh processes; keeps the peer-format lines.
run_tool() {
    local size="$1" tool="$2"; shift 2
    commands+=("$*")
    local i out
    for ((i = 1; i <= runs; i++)); do
        if ! out="$("$@" 2>&1)"; then
            echo "   $tool: failed, skipped: $(printf '%s\n' "$out" | tail -n 1)"
            echo "$size $tool failed" >>"$results"
            return 0
        fi
        # Keep only the result lines (HiGHS prints a banner on stdout).
        printf '%s\n' "$out" | grep -E '^[a-z][a-z-]* build_s=|^epof-warm |^highspy-ref ' \
            | sed "s/^/$size $tool /" >>"$results" || true
    done
    echo "   $tool: done"
}

for size in "${sizes[@]}"; do
    cards="${size%x*}"; horizon="${size#*x}"
    json="$tmp/epoch_${size}.json"
    echo "== $size: emitting data, then $runs run(s) per tool"
    commands+=("$py $epoch_lp --cards $cards --horizon $horizon --emit-json $json")
    "$py" "$epoch_lp" --cards "$cards" --horizon "$horizon" --emit-json "$json"
    run_tool "$size" reference "$py" "$root/bench/highspy_reference.py" --epoch-lp "$epoch_lp" \
        --data "$json" --weight-step "$weight_step"
    for peer in "${peers[@]}"; do
        run_tool "$size" "$peer" "$py" "$epoch_lp" --cards "$cards" --horizon "$horizon" --peer "$peer"
    done
    for config in "${epof_configs[@]}"; do
        # shellcheck disable=SC2086  # the options are words on purpose
        run_tool "$size" "${config%%:*}" "$epof" epoch-lp --data "$json" ${config#*:} \
            --warm-resolve --weight-step "$weight_step"
    done
done

echo
echo "== commands (JSON in a temp dir, removed on exit; each run $runs time(s), fresh process)"
printf '   %s\n' "${commands[@]}"
echo
"$py" - "$results" "$runs" "$weight_step" <<'PY'
import statistics, sys
from collections import defaultdict

path, runs, step = sys.argv[1], sys.argv[2], sys.argv[3]
rows = defaultdict(lambda: defaultdict(list))   # (size, tool) -> key -> values
failed, order, sizes = set(), [], []
for line in open(path):
    parts = line.split()
    size, tool = parts[0], parts[1]
    if size not in sizes:
        sizes.append(size)
    if parts[2:] == ["failed"]:
        failed.add((size, tool)); continue
    kind = parts[2]
    key = "warm" if kind == "epof-warm" else "ref" if kind == "highspy-ref" else "cold"
    for kv in parts[3:]:
        if "=" in kv:
            k, v = kv.split("=", 1)
            try:
                rows[(size, tool)][f"{key}.{k}"].append(float(v))
            except ValueError:
                pass
    if tool not in order and tool != "reference":
        order.append(tool)

def med(size, tool, key):
    v = rows.get((size, tool), {}).get(key)
    return statistics.median(v) if v else None

def fmt(x, spec="{:.3f}"):
    return "-" if x is None else spec.format(x)

print(f"Medians of {runs} run(s) per tool; build_s includes handing the model to the solver;")
print("rel.diff = |objective - highspy| / |highspy|, highspy at full precision (peers print 6 decimals only).")
for size in sizes:
    ref = med(size, "reference", "ref.objective_full")
    print()
    cols = [med(size, t, "cold.columns") for t in order if t.startswith("epof") and med(size, t, "cold.columns")]
    print(f"{size}  (columns {fmt(cols[0] if cols else None, '{:.0f}')})")
    print(f"  {'tool':<15} {'build_s':>8} {'solve_s':>8} {'total_s':>8} {'objective':>12} {'rel.diff':>9}")
    for tool in order:
        if (size, tool) in failed:
            print(f"  {tool:<15} failed or unavailable"); continue
        if (size, tool) not in rows:
            continue
        b, s, t = (med(size, tool, f"cold.{k}") for k in ("build_s", "solve_s", "total_s"))
        obj = med(size, tool, "cold.objective_full") or med(size, tool, "cold.objective")
        rel = abs(obj - ref) / abs(ref) if obj is not None and ref else None
        print(f"  {tool:<15} {fmt(b):>8} {fmt(s):>8} {fmt(t):>8} {fmt(obj, '{:.6f}'):>12} {fmt(rel, '{:.1e}'):>9}")
    epofs = [e for e in order if e.startswith("epof") and med(size, e, "cold.total_s")]
    for e in epofs:
        print(f"  peer total / {e} total: " + ", ".join(
            f"{p} {med(size, p, 'cold.total_s') / med(size, e, 'cold.total_s'):.1f}x"
            for p in order if not p.startswith("epof") and med(size, p, "cold.total_s")))
    # Warm re-solve after one weighted-sum step (objective coefficients only).
    print(f"  warm re-solve, alpha += {step}, beta -= {step}:")
    wref = med(size, "reference", "ref.warm_objective_full")
    print(f"    {'highspy':<15} solve_s={fmt(med(size, 'reference', 'ref.warm_solve_s'))} "
          f"iterations={fmt(med(size, 'reference', 'ref.warm_iterations'), '{:.0f}')} "
          f"(cold {fmt(med(size, 'reference', 'ref.iterations'), '{:.0f}')})")
    for tool in (t for t in order if t.startswith("epof")):
        if (size, tool) in failed or (size, tool) not in rows or med(size, tool, "warm.solve_s") is None:
            continue
        wo = med(size, tool, "warm.objective")
        print(f"    {tool:<15} solve_s={fmt(med(size, tool, 'warm.solve_s'))} "
              f"iterations={fmt(med(size, tool, 'warm.iterations'), '{:.0f}')} "
              f"(cold {fmt(med(size, tool, 'cold.iterations'), '{:.0f}')}) "
              f"objective={fmt(wo, '{:.6f}')} (highspy {fmt(wref, '{:.6f}')})")
PY
