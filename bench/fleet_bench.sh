#!/usr/bin/env bash
# Fleet planning benchmark: Dantzig–Wolfe (1 and 2 threads, CLP and GLPK) against the monolithic
# LP (CLP, GLPK) and against highspy on the same monolithic LP exported as MPS.
#
#   bench/fleet_bench.sh [--timeout S] [NODES ...]      (default: 8 64 512; 24 epochs)
#
# Every configuration runs in a fresh process (epof-bench fleet), so maxrss_mb is its own peak
# memory. highspy comes from bench/.venv (created as bench/compare_peers.sh does when missing).
# Runs longer than --timeout seconds (default 600) are reported as timeouts.
set -euo pipefail
limit=600
sizes=()
while (($#)); do
    case "$1" in
        --timeout) limit="${2:?--timeout needs seconds}"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        [0-9]*) sizes+=("$1"); shift ;;
        *) echo "fleet_bench.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
((${#sizes[@]})) || sizes=(8 64 512)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/bench/.venv"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check highspy==1.16.0 numpy==2.4.6
fi
swift build -c release --product epof-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/epof-bench"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
run() { timeout "$limit" "$@" || echo "$* -> timeout or failure (limit ${limit} s)"; }
for n in "${sizes[@]}"; do
    echo "== $n nodes × 24 epochs"
    run "$bench" fleet --nodes "$n" --method dw --backend clp --threads 1
    run "$bench" fleet --nodes "$n" --method dw --backend clp --threads 2
    run "$bench" fleet --nodes "$n" --method dw --backend glpk --threads 1
    run "$bench" fleet --nodes "$n" --method dw --backend glpk --threads 2
    run "$bench" fleet --nodes "$n" --method mono --backend clp
    run "$bench" fleet --nodes "$n" --method mono --backend glpk
    "$bench" fleet --nodes "$n" --method mps --output "$tmp/fleet-$n.mps"
    run "$venv/bin/python" - "$tmp/fleet-$n.mps" <<'PY'
import resource, sys, time
import highspy
h = highspy.Highs()
h.setOptionValue("output_flag", False)
t0 = time.perf_counter()
h.readModel(sys.argv[1])
t1 = time.perf_counter()
h.run()
t2 = time.perf_counter()
info = h.getInfo()
print(f"fleet-highspy build_s={t1 - t0:.3f} solve_s={t2 - t1:.3f} total_s={t2 - t0:.3f} "
      f"objective={info.objective_function_value:.12g} status={h.modelStatusToString(h.getModelStatus())} "
      f"iterations={info.simplex_iteration_count} maxrss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.3f}")
PY
done
