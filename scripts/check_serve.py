#!/usr/bin/env python3
"""`make check-serve`: the service against its contract, live on 127.0.0.1.

1. openapi.yaml is a valid OpenAPI 3.0 document (openapi-spec-validator), and the server serves
   exactly that file at GET /openapi.yaml.
2. Contract: known requests (valid, malformed, unknown field, scenario error, over-size,
   infeasible, wrong content type, solve) get the documented status, content type and a body
   that validates against the operation's response schema (openapi-schema-validator).
3. The scheduler example (examples/scheduler_client.py) runs against the server.
4. schemathesis fuzzes every operation (bounded examples): no 5xx but documented 503s, status
   codes, content types, headers and bodies as documented.
5. Graceful shutdown: SIGTERM while a request is in flight → that request completes, new
   connections are refused, exit status 0.

Ends with 'N passed, N failed'; exits non-zero on any failure.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_harness import Server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + str(detail)[:2000]}")


def call(url, method, path, body=None, content_type=None):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Content-Type": content_type} if content_type else {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def deref(node, spec):
    """The schema with every local $ref replaced by its target."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return deref(target, spec)
        return {k: deref(v, spec) for k, v in node.items()}
    if isinstance(node, list):
        return [deref(v, spec) for v in node]
    return node


def response_schema(spec, path, method, status, content_type):
    op = spec["paths"][path][method]
    resp = deref(op["responses"].get(str(status)), spec)
    if resp is None:
        return None, f"status {status} is not documented for {method.upper()} {path}"
    media = content_type.split(";")[0].strip()
    content = resp.get("content", {})
    if media not in content:
        return None, f"content type {media} is not documented for {status} (documented: {list(content)})"
    return content[media].get("schema", {}), None


def conforms(spec, path, method, expected, request_body=None, content_type=None, url=None, query=""):
    status, headers, body = call(url, method.upper(), path + query, request_body, content_type)
    name = f"{method.upper()} {path}{query} [{content_type or '-'}] → {expected}"
    if status != expected:
        check(name, False, f"got {status}: {body[:500]!r}")
        return None
    schema, problem = response_schema(spec, path, method, status, headers.get("Content-Type", ""))
    if problem:
        check(name, False, problem)
        return None
    media = headers.get("Content-Type", "")
    instance = json.loads(body) if "json" in media else body.decode()
    errors = sorted(OAS30Validator(schema).iter_errors(instance), key=str)
    if status == 503 and not headers.get("Retry-After", "").isdigit():
        errors.append("503 without Retry-After")
    check(name, not errors, "; ".join(str(e)[:300] for e in errors[:3]))
    return instance


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epof", required=True)
    ap.add_argument("--examples", type=int, default=25, help="schemathesis examples per operation")
    args = ap.parse_args()

    contract_path = os.path.join(ROOT, "openapi.yaml")
    with open(contract_path, encoding="utf-8") as f:
        contract_text = f.read()
    spec = yaml.safe_load(contract_text)
    try:
        validate_spec(spec)
        check("openapi.yaml is a valid OpenAPI document", True)
    except Exception as e:  # noqa: BLE001 — the validator's own error types
        check("openapi.yaml is a valid OpenAPI document", False, e)

    scenario = open(os.path.join(ROOT, "Problems/sdxl-ecommerce-sichuan.yaml"), encoding="utf-8").read()
    with Server(args.epof, "--workers", "2", "--max-body", "256KiB", "--scenario-root", os.path.join(ROOT, "Problems"),
                cwd=ROOT) as server:
        url = server.url
        status, _, served = call(url, "GET", "/openapi.yaml")
        check("GET /openapi.yaml serves openapi.yaml", status == 200 and served.decode() == contract_text)
        try:
            validate_spec(yaml.safe_load(served))
            check("the served document validates", True)
        except Exception as e:  # noqa: BLE001
            check("the served document validates", False, e)

        doc = conforms(spec, "/v1/plan", "post", 200, scenario, "application/yaml", url=url)
        if doc:
            check("plan document: the committed epoch has a plan per card",
                  len(doc["plan"]["epochs"][0]["cards"]) == doc["scenario"]["cards"])
        envelope = json.dumps({"scenario": scenario, "observed": {"temperatures": [55.0], "carbonIntensity": 120}})
        doc = conforms(spec, "/v1/plan", "post", 200, envelope, "application/json", url=url)
        if doc:
            check("observed temperatures reach the plan", doc["scenario"]["temperatures"] == [55.0])
        conforms(spec, "/v1/plan", "post", 400, "{\"scenario\": ", "application/json", url=url)
        conforms(spec, "/v1/plan", "post", 400, json.dumps({"scenario": scenario, "extra": 1}), "application/json", url=url)
        bad = conforms(spec, "/v1/plan", "post", 400, scenario.replace("cards: 1", "cards: 0"), "application/yaml", url=url)
        if bad:
            check("scenario error names the field", any(e["field"] == "node.cards" for e in bad.get("errors", [])), bad)
        conforms(spec, "/v1/plan", "post", 413, "#" * (300 << 10), "application/yaml", url=url)
        conforms(spec, "/v1/plan", "post", 415, scenario, "text/csv", url=url)
        inf = conforms(spec, "/v1/plan", "post", 422, scenario.replace("latencySLO: 6 s", "latencySLO: 0.2 s"),
                       "application/yaml", url=url)
        if inf:
            check("infeasible problem carries the diagnosis", bool(inf.get("diagnosis", {}).get("findings")), inf)
        conforms(spec, "/v1/pareto", "post", 200, scenario, "application/yaml", url=url)
        conforms(spec, "/v1/whatif", "post", 200, json.dumps({"scenario": scenario, "vary": ["power_cap=200:300:100"]}),
                 "application/json", url=url)
        conforms(spec, "/v1/validate", "post", 200, scenario, "application/yaml", url=url)
        conforms(spec, "/v1/validate", "post", 400, "horizon: [", "application/yaml", url=url)
        lp = "Minimize\n obj: x + y\nSubject To\n c: x + 2 y >= 2\nEnd\n"
        solved = conforms(spec, "/v1/solve", "post", 200, lp, "text/plain", url=url, query="?format=lp")
        if solved:
            check("solve: optimal with objective 1", solved["status"] == "optimal" and abs(solved["objective"] - 1) < 1e-9, solved)
        conforms(spec, "/v1/solve", "post", 400, "not a model", "text/plain", url=url, query="?format=lp")
        conforms(spec, "/v1/presets", "get", 200, url=url)
        conforms(spec, "/healthz", "get", 200, url=url)
        conforms(spec, "/readyz", "get", 200, url=url)
        metrics = conforms(spec, "/metrics", "get", 200, url=url)
        if metrics:
            check("metrics: requests by route and status", 'epof_http_requests_total{route="/v1/plan",method="POST",status="200"}' in metrics)

        example = subprocess.run([sys.executable, os.path.join(ROOT, "examples/scheduler_client.py"), "--url", url,
                                  "--scenario", os.path.join(ROOT, "Problems/sdxl-ecommerce-sichuan.yaml"),
                                  "--temperature", "58", "--interactive-backlog", "3", "--carbon", "190"],
                                 capture_output=True, text=True, timeout=300)
        check("examples/scheduler_client.py applies a plan", example.returncode == 0 and "card 0:" in example.stdout,
              example.stdout + example.stderr)
        print(example.stdout, end="")

        st = os.path.join(os.path.dirname(sys.executable), "schemathesis")
        checks = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                           "response_headers_conformance", "response_schema_conformance", "negative_data_rejection"])
        cmd = [st, "run", f"{url}/openapi.yaml", "--checks", checks, "--max-examples", str(args.examples),
               "--seed", "20261204", "--workers", "1", "--request-timeout", "120", "--no-color", "--suppress-health-check", "all"]
        print("$ " + " ".join(cmd))
        fuzz = subprocess.run(cmd, capture_output=True, text=True, timeout=3000)
        tail = "\n".join(fuzz.stdout.splitlines()[-25:])
        print(tail)
        check("schemathesis: no undocumented response, no 5xx but 503", fuzz.returncode == 0, fuzz.stderr[-2000:])
        after = call(url, "GET", "/healthz")[0]
        check("the server is alive after the fuzzing", after == 200)

        # Graceful shutdown: a sweep in flight finishes; the process exits 0 afterwards.
        sweep = json.dumps({"scenario": scenario, "vary": ["power_cap=150:400:10"]})
        outcome = {}

        def slow():
            outcome["status"] = call(url, "POST", "/v1/whatif", sweep, "application/json")[0]

        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.5)
        code = server.terminate()
        t.join(120)
        check("SIGTERM: the in-flight request completes", outcome.get("status") == 200, outcome)
        check("SIGTERM: exit status 0", code == 0, "".join(server.stderr_lines[-5:]))
        try:
            http.client.HTTPConnection("127.0.0.1", server.port, timeout=2).request("GET", "/healthz")
            refused = False
        except OSError:
            refused = True
        check("after shutdown, new connections are refused", refused)

    failed = results.count(False)
    print(f"check-serve: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
