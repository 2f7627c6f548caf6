#!/usr/bin/env python3
"""Full-precision highspy reference for bench/compare_peers.sh (not timed against anything).

Builds the LP from the same JSON that epof-bench reads, with shared/bench/epoch_lp.py's own
build_highspy, and prints:
  highspy-ref objective_full=... iterations=... warm_solve_s=... warm_iterations=... warm_objective_full=...
The warm figures are highspy re-solving after one weighted-sum step (alpha += STEP,
beta -= STEP: objective coefficients only), the same step `epof-bench epoch-lp
--warm-resolve --weight-step STEP` takes. The peers print 6 decimals only, which is too
coarse to check agreement to 1e-6 relative, hence this reference.

Usage: highspy_reference.py --epoch-lp PATH/epoch_lp.py --data FILE.json [--weight-step 0.05]
"""
import argparse, importlib.util, json, sys, time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epoch-lp", required=True, help="path of shared/bench/epoch_lp.py")
    ap.add_argument("--data", required=True)
    ap.add_argument("--weight-step", type=float, default=0.05)
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("epoch_lp", a.epoch_lp)
    epoch_lp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(epoch_lp)
    with open(a.data) as f:
        d = json.load(f)

    h = epoch_lp.build_highspy(d)
    h.run()
    info = h.getInfo()
    obj, iters = -info.objective_function_value, info.simplex_iteration_count

    # One weighted-sum step: throughput columns have cost -alpha*thr/tref (< 0), power
    # columns +beta*ci/cref (> 0), the others 0; rescale each family by its new weight.
    alpha, beta, step = d["alpha"], d["beta"], a.weight_step
    t0 = time.perf_counter()
    cost = np.array(h.getLp().col_cost_)
    new = np.where(cost < 0, cost * ((alpha + step) / alpha), cost * ((beta - step) / beta))
    n = len(cost)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), new)
    h.run()
    warm_s = time.perf_counter() - t0
    winfo = h.getInfo()
    print(f"highspy-ref objective_full={obj:.15e} iterations={iters} warm_solve_s={warm_s:.4f} "
          f"warm_iterations={winfo.simplex_iteration_count} "
          f"warm_objective_full={-winfo.objective_function_value:.15e}")


if __name__ == "__main__":
    sys.exit(main())
