#!/usr/bin/env python3
"""Load test of `epof serve` on loopback: throughput and latency of POST /v1/plan, and a
mixed valid/invalid soak. Bounded in requests and time; starts and stops its own server.

    python3 bench/serve_load.py --epof .build/release/epof [--clients 1,8,64] [--seconds 10]
        [--max-requests 2000] [--mixed 10000] [--workers 2]

For each client count: that many threads, each with its own keep-alive connection, post the
default scenario (Problems/sdxl-ecommerce-sichuan.yaml) as YAML until --seconds pass or
--max-requests complete; reports plans/s, p50/p99 latency, the status counts (503s are the
documented overload answer) and the server's RSS before and after.

--mixed N then sends N requests cycling through valid and invalid bodies (valid plans,
malformed JSON, unknown fields, scenario errors, infeasible scenarios, over-size bodies, wrong
content types, LP solves, bad models, validations) from 8 clients, and reports the status
counts, undocumented answers (5xx other than 503, or a status the contract does not list for
that request), whether the server is still alive, and RSS before/after.
"""
import argparse
import http.client
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from serve_harness import Server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def percentile(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100 * (len(xs) - 1)))))
    return xs[k]


def connect(port):
    """A keep-alive connection with Nagle off: http.client writes headers and body in two
    sends, and Nagle + the server's delayed ACK would otherwise add ~40 ms to every request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def run_clients(port, clients, seconds, max_requests, make_request):
    """`clients` threads until `seconds` pass or `max_requests` complete in all."""
    lock = threading.Lock()
    latencies, statuses = [], {}
    count = [0]
    deadline = time.monotonic() + seconds

    def worker(i):
        conn = connect(port)
        n = i
        while time.monotonic() < deadline:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            method, path, body, ctype, allowed = make_request(n)
            n += clients
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers={"Content-Type": ctype} if ctype else {})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = connect(port)
            except (OSError, http.client.HTTPException) as e:
                status = f"error:{type(e).__name__}"
                conn.close()
                conn = connect(port)
            dt = time.perf_counter() - t0
            with lock:
                statuses[(status, allowed is None or status in allowed)] = statuses.get((status, allowed is None or status in allowed), 0) + 1
                if status == 200:
                    latencies.append(dt)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, time.monotonic() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epof", default=os.path.join(ROOT, ".build/release/epof"))
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--max-requests", type=int, default=2000)
    ap.add_argument("--mixed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queue", type=int, default=None)
    args = ap.parse_args()

    scenario = open(os.path.join(ROOT, "Problems/sdxl-ecommerce-sichuan.yaml"), encoding="utf-8").read().encode()
    extra = ["--queue", str(args.queue)] if args.queue is not None else []
    with Server(args.epof, "--workers", str(args.workers), *extra, cwd=ROOT) as server:
        # Warm-up: the operating-point catalogue cache and the allocator.
        run_clients(server.port, 2, 5, 20, lambda n: ("POST", "/v1/plan", scenario, "application/yaml", None))
        print(f"server: epof serve --workers {args.workers}{' --queue ' + str(args.queue) if extra else ''}, pid {server.proc.pid}")
        for c in [int(x) for x in args.clients.split(",")]:
            before = server.rss_kib()
            lat, st, wall = run_clients(server.port, c, args.seconds, args.max_requests,
                                        lambda n: ("POST", "/v1/plan", scenario, "application/yaml", None))
            after = server.rss_kib()
            ok = len(lat)
            counts = ", ".join(f"{s}: {k}" for (s, _), k in sorted(st.items(), key=lambda x: str(x[0])))
            print(f"clients={c:<3} plans/s={ok / wall:7.2f} p50_ms={percentile(lat, 50) * 1e3:7.1f} "
                  f"p99_ms={percentile(lat, 99) * 1e3:7.1f} requests={sum(st.values())} ({counts}) "
                  f"wall_s={wall:.1f} rss_kib_before={before} rss_kib_after={after}")

        if args.mixed:
            lp = b"Minimize\n obj: x + y\nSubject To\n c: x + 2 y >= 2\nEnd\n"
            big = b"#" * (9 << 20)
            infeasible = scenario.replace(b"latencySLO: 6 s", b"latencySLO: 0.2 s")
            bodies = [
                ("POST", "/v1/plan", scenario, "application/yaml", {200, 503}),
                ("POST", "/v1/plan", json.dumps({"scenario": scenario.decode(), "observed": {"temperatures": [50]}}).encode(),
                 "application/json", {200, 503}),
                ("POST", "/v1/plan", b"{\"scenario\": ", "application/json", {400}),
                ("POST", "/v1/plan", json.dumps({"scenario": "x: 1", "colour": 2}).encode(), "application/json", {400}),
                ("POST", "/v1/plan", scenario.replace(b"cards: 1", b"cards: -3"), "application/yaml", {400, 503}),
                ("POST", "/v1/plan", infeasible, "application/yaml", {422, 503}),
                ("POST", "/v1/plan", scenario, "text/csv", {415}),
                ("POST", "/v1/plan", b"\xff\xfe\x00garbage: [", "application/yaml", {400, 503}),
                ("POST", "/v1/solve?format=lp", lp, "text/plain", {200, 503}),
                ("POST", "/v1/solve?format=mps", b"ROWS\n N\nENDATA\n", "text/plain", {400, 503}),
                ("POST", "/v1/validate", scenario.replace(b"horizon: 8", b"horizon: zero"), "application/yaml", {400, 503}),
                ("GET", "/v1/presets", None, None, {200}),
                ("GET", "/metrics", None, None, {200}),
            ]

            def mixed(n):
                if n % 500 == 499:
                    return ("POST", "/v1/plan", big, "application/yaml", {413})
                return bodies[n % len(bodies)]

            before = server.rss_kib()
            lat, st, wall = run_clients(server.port, 8, 3600, args.mixed, mixed)
            after = server.rss_kib()
            alive = server.proc.poll() is None
            bad = {s: k for (s, allowed), k in st.items() if not allowed}
            five = sum(k for (s, _), k in st.items() if isinstance(s, int) and s >= 500 and s != 503)
            counts = ", ".join(f"{s}: {k}" for s, k in sorted({s: sum(k for (t, _), k in st.items() if t == s)
                                                               for (s, _) in st}.items(), key=lambda x: str(x[0])))
            growth = (after - before) / before * 100 if before else float("nan")
            print(f"mixed requests={sum(st.values())} wall_s={wall:.1f} statuses=({counts}) undocumented={sum(bad.values())} "
                  f"{bad if bad else ''} 5xx_not_503={five} alive={alive} rss_kib_before={before} rss_kib_after={after} "
                  f"rss_growth_pct={growth:.1f}")
            if bad or five or not alive:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
