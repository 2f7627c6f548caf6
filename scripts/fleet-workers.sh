#!/usr/bin/env bash
# Starts N `epof fleet worker` processes on 127.0.0.1 (ports BASE, BASE+1, …), prints the
# --workers value for `epof fleet plan`, and stops them on Ctrl-C or when the shell exits.
#
#   scripts/fleet-workers.sh [N] [BASE_PORT]        (default: 2 workers from port 8601)
#
# Example, in two terminals:
#   scripts/fleet-workers.sh 3
#   epof fleet plan Problems/fleets/two-regions.yaml --workers http://127.0.0.1:8601,http://127.0.0.1:8602,http://127.0.0.1:8603
# Kill one worker mid-plan (kill PID, printed below): the coordinator re-issues its problems
# to the others and the plan is the same.
set -euo pipefail
n="${1:-2}"
base="${2:-8601}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "fleet-workers.sh: N must be a positive integer" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
swift build -c release --product epof >/dev/null
epof="$(swift build -c release --show-bin-path)/epof"
pids=()
urls=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
for ((i = 0; i < n; i++)); do
    port=$((base + i))
    "$epof" fleet worker --host 127.0.0.1 --port "$port" &
    pids+=("$!")
    urls+=("http://127.0.0.1:$port")
done
sleep 1
for ((i = 0; i < n; i++)); do echo "worker ${urls[$i]} pid ${pids[$i]}"; done
(IFS=,; echo "--workers ${urls[*]}")
wait
