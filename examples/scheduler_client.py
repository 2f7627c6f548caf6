#!/usr/bin/env python3
"""A scheduler's side of `epof serve`: ask for the next epoch's plan, apply it per card.

Copy this into your scheduler. It uses only Python's standard library. Each epoch it sends the
scenario plus what the scheduler observes now (die temperatures, queue backlogs, the grid's
carbon intensity) to POST /v1/plan and turns the committed epoch into per-card settings: for
every share of the epoch, the batch size, precision profile and DVFS frequency level to run.

    python3 examples/scheduler_client.py --url http://127.0.0.1:8080 \
        --scenario Problems/sdxl-ecommerce-sichuan.yaml --temperature 58 --interactive-backlog 3

Exit status: 0 with a plan, 1 when the service refused (the problem document is printed).
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def request_plan(url, scenario_text, observed, retries=3):
    """POST /v1/plan; retries a 503 after its Retry-After delay. Returns the plan document."""
    body = json.dumps({"scenario": scenario_text, "observed": observed}).encode()
    for attempt in range(retries + 1):
        req = urllib.request.Request(f"{url}/v1/plan", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as e:
            problem = json.loads(e.read() or b"{}")
            if e.code == 503 and attempt < retries:
                time.sleep(int(e.headers.get("Retry-After", "1")))
                continue
            raise PlanRefused(e.code, problem) from None
    raise AssertionError("unreachable")


class PlanRefused(Exception):
    """The service answered with a problem document (400 bad input, 422 infeasible, 503 busy)."""

    def __init__(self, status, problem):
        super().__init__(f"{status}: {problem.get('detail', problem)}")
        self.status, self.problem = status, problem


# The planner's work classes, in the order their numbers encode them.
WORK_CLASSES = ["interactive", "deferrable", "elastic"]


def card_settings(document):
    """The committed epoch as per-card settings: [(card, [(share, class, profile, level, batch)])]."""
    epoch = document["plan"]["epochs"][0]  # the first epoch is the one to commit; the rest is the forecast
    out = []
    for card in epoch["cards"]:
        shares = []
        for seg in card["segments"]:
            point = seg["point"]
            work = WORK_CLASSES[seg["workClass"]] if isinstance(seg["workClass"], int) else seg["workClass"]
            shares.append((seg["fraction"], work, point["profile"], point["frequencyLevel"], point["batchSize"]))
        out.append((card["card"], shares))
    return out


def apply(settings, epoch_seconds):
    """Where a real scheduler would program the cards; here, print what it would do."""
    for card, shares in settings:
        for share, work, profile, level, batch in shares:
            print(f"card {card}: {share * epoch_seconds:7.1f} s of {work:<11} batch {batch:<3} {profile:<10} DVFS level {level}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--scenario", default="Problems/sdxl-ecommerce-sichuan.yaml")
    ap.add_argument("--temperature", type=float, help="die temperature of every card now, °C")
    ap.add_argument("--interactive-backlog", type=float, default=0)
    ap.add_argument("--deferrable-backlog", type=float, default=0)
    ap.add_argument("--carbon", type=float, help="grid carbon intensity now, gCO2/kWh")
    args = ap.parse_args()

    with open(args.scenario, encoding="utf-8") as f:
        scenario = f.read()
    observed = {"backlog": {"interactive": args.interactive_backlog, "deferrable": args.deferrable_backlog}}
    if args.carbon is not None:
        observed["carbonIntensity"] = args.carbon
    if args.temperature is not None:
        # One temperature per card: ask the service how many cards the scenario has.
        cards = request_plan(args.url, scenario, {})["scenario"]["cards"]
        observed["temperatures"] = [args.temperature] * cards
    try:
        doc = request_plan(args.url, scenario, observed)
    except PlanRefused as e:
        print(json.dumps(e.problem, indent=2), file=sys.stderr)
        return 1
    s = doc["scenario"]
    print(f"plan for {s['name']}: {s['cards']} x {s['device']}, epoch {s['epochLength']:.0f} s, "
          f"forecast {doc['plan']['epochs'][0]['carbonIntensity']:.0f} gCO2/kWh")
    apply(card_settings(doc), s["epochLength"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
