#!/usr/bin/env python3
"""Writes docs/RESULTS.md: `epof compare` on every headline scenario (all policies, the same
seed), the targets of issue 5 checked against the numbers, and the seed's claims beside ours.

    scripts/results.py --epof .build/release/epof [--hours 24] [--seed 0] [--out docs/RESULTS.md]

Standard library only. Deterministic: the same binary and inputs give the same file (planning
time is not in the metrics). The prose that reads the numbers lives in scripts/results-notes.md
and is appended as it is.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICIES = ["lp", "seed-heuristic", "max-performance", "energy-optimal", "oracle"]


def scenarios():
    names = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "Problems")) if f.endswith(".yaml"))
    return [n for n in names if n != "presets"]


def compare(epof, name, hours, seed):
    cmd = [epof, "compare", f"Problems/{name}.yaml", "--hours", str(hours), "--seed", str(seed), "--format", "json"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"results: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return json.loads(r.stdout), " ".join(["epof"] + cmd[1:])


def f(x, d=2):
    return f"{x:.{d}f}"


def card_spread(run):
    """The widest p5–p95 spread of any card, W."""
    return max(c["p95"] - c["p5"] for c in run["cardPower"])


def metrics_table(runs):
    rows = [
        ("work served, requests", lambda r: str(r["served"]["total"])),
        ("  interactive / deferrable / elastic", lambda r: f'{r["served"]["interactive"]} / {r["served"]["deferrable"]} / {r["served"]["elastic"]}'),
        ("SLO attainment (interactive)", lambda r: "–" if r.get("sloAttainment") is None else f(100 * r["sloAttainment"], 1) + " %"),
        ("interactive latency p50 / p99, s", lambda r: "–" if r.get("interactiveLatency") is None else f'{f(r["interactiveLatency"]["p50"])} / {f(r["interactiveLatency"]["p99"])}'),
        ("energy, MJ", lambda r: f(r["energy"] / 1e6)),
        ("carbon, gCO₂", lambda r: f(r["carbon"], 1)),
        ("CER, requests/gCO₂", lambda r: f(r["cer"])),
        ("node power mean / peak, W", lambda r: f'{f(r["nodePower"]["mean"], 1)} / {f(r["nodePower"]["peak"], 1)}'),
        ("widest card p5–p95 spread, W", lambda r: f(card_spread(r), 1)),
        ("max temperature, °C", lambda r: f(r["maxTemperature"], 1)),
        ("time above 85 °C, s", lambda r: f(r["timeAboveHotThreshold"], 1)),
        ("throttling events / control actions", lambda r: f'{r["throttleEvents"]} / {r["controlActions"]}'),
        ("DVFS level changes", lambda r: str(r.get("levelChanges", "–"))),
        ("accuracy loss, pp", lambda r: f(r["accuracyLoss"], 3)),
        ("deadline misses", lambda r: str(r["deadlineMisses"])),
        ("planning failures", lambda r: str(r["planningFailures"])),
        ("epochs above a power cap (worst excess, W)", lambda r: f'{r["violations"]["epochsAbovePowerCap"]} ({f(r["violations"]["worstPowerCapExcess"], 1)})'),
        ("work above the accuracy ceiling", lambda r: f(100 * r["violations"]["workAboveAccuracyCeiling"], 1) + " %"),
        ("objective (preset's: see the line above the table)", lambda r: f(r["objective"]["value"], 4)),
    ]
    out = "| metric | " + " | ".join(r["policy"] for r in runs) + " |\n"
    out += "|---|" + "---:|" * len(runs) + "\n"
    for name, cell in rows:
        out += f"| {name} | " + " | ".join(cell(r) for r in runs) + " |\n"
    return out


def targets(by):
    lp, seed, maxp, oracle = by["lp"], by["seed-heuristic"], by["max-performance"], by["oracle"]
    checks = []
    ratio = lp["objective"]["value"] / oracle["objective"]["value"]
    checks.append(("LP objective ≥ 95 % of the oracle's", f'{f(100 * ratio, 1)} % ({f(lp["objective"]["value"], 4)} / {f(oracle["objective"]["value"], 4)})', ratio >= 0.95))
    cer = lp["cer"] / seed["cer"] - 1
    checks.append(("LP CER ≥ +20 % over seed-heuristic", f'{cer * 100:+.1f} % ({f(lp["cer"])} vs {f(seed["cer"])} requests/gCO₂)', cer >= 0.20))
    slo = lp.get("sloAttainment")
    checks.append(("LP SLO attainment ≥ 99 %", "no interactive work" if slo is None else f(100 * slo, 2) + " %", slo is None or slo >= 0.99))
    v = lp["violations"]
    checks.append(("no LP epoch above a power cap", f'{v["epochsAbovePowerCap"]} epochs (worst excess {f(v["worstPowerCapExcess"], 1)} W)', v["epochsAbovePowerCap"] == 0))
    a, b = card_spread(lp), card_spread(maxp)
    checks.append(("LP card p5–p95 spread ≤ ½ of max-performance's", f"{f(a, 1)} W vs {f(b, 1)} W", a <= 0.5 * b))
    out = "| target | measured | met |\n|---|---|:---:|\n"
    for name, measured, ok in checks:
        out += f"| {name} | {measured} | {'yes' if ok else '**no**'} |\n"
    return out, checks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epof", required=True)
    ap.add_argument("--hours", type=float, default=24)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "RESULTS.md"))
    args = ap.parse_args()
    epof = os.path.abspath(args.epof)
    hours = int(args.hours) if args.hours == int(args.hours) else args.hours

    sections, summary = [], []
    for name in scenarios():
        data, cmd = compare(epof, name, hours, args.seed)
        runs = data["policies"]
        by = {r["policy"]: r for r in runs}
        missing = [p for p in POLICIES if p not in by]
        if missing:
            sys.exit(f"results: {name}: policies missing from compare: {missing}")
        table, checks = targets(by)
        summary.append((name, checks))
        o = by["lp"]["objective"]
        v = by["lp"]["violations"]
        text = f"### {name}\n\n`{cmd}` — {data['epochs']} epochs, seed {data['seed']}; "
        text += f"objective {o.get('kind', 'throughput-carbon')}: {o.get('formula', 'α·T/T_max + β·C_min/C')}; "
        text += f"α = {o['alpha']}, β = {o['beta']}; T_max = {f(o['maximumWork'], 0)} requests, C_min = {f(o['minimumCarbon'], 1)} gCO₂ ({o['normalisation']}); "
        text += f"limits: card cap {f(v['cardPowerCap'], 0)} W, node cap {f(v['nodePowerCap'], 0)} W, accuracy loss ≤ {v['accuracyLossCeiling']} pp, latency SLO {by['lp']['latencySLO']} s.\n\n"
        text += metrics_table(runs) + "\n" + table
        sections.append(text)

    met = sum(ok for _, checks in summary for _, _, ok in checks)
    total = sum(len(checks) for _, checks in summary)
    head = "# Results: every policy on every headline scenario\n\n"
    head += "Generated by `make results` (`scripts/results.py`): `epof compare` on each scenario of "
    head += f"`Problems/` for {hours} simulated hours, seed {args.seed}, all five policies on the same simulated node, "
    head += "executor and random streams. Do not edit by hand: the tables are regenerated, and the reading of them is "
    head += "`scripts/results-notes.md`, appended below.\n\n"
    head += f"## Targets (issue 5, item 8): {met} of {total} met\n\n"
    head += "| scenario | LP ≥ 95 % oracle | CER ≥ +20 % vs seed | SLO ≥ 99 % | no epoch above cap | spread ≤ ½ max-perf |\n"
    head += "|---|:---:|:---:|:---:|:---:|:---:|\n"
    for name, checks in summary:
        head += f"| {name} | " + " | ".join("yes" if ok else "**no**" for _, _, ok in checks) + " |\n"
    head += "\n## Per scenario\n\n"
    with open(os.path.join(ROOT, "scripts", "results-notes.md"), encoding="utf-8") as fh:
        notes = fh.read()
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(head + "\n".join(sections) + "\n" + notes)
    shown = os.path.relpath(args.out, ROOT) if os.path.abspath(args.out).startswith(ROOT + os.sep) else args.out
    print(f"results: wrote {shown} ({met} of {total} targets met)")


if __name__ == "__main__":
    main()
