# EPOF — the two set-up commands are `make run` and `make test`.
# Both install what the project needs when it is missing (Debian packages), then build.

SWIFT        ?= swift
APT_PACKAGES := pkg-config zlib1g-dev libglpk-dev coinor-libclp-dev coinor-libcbc-dev coinor-libcoinutils-dev
SCENARIO     ?= Problems/sdxl-ecommerce-sichuan.yaml
# The notebook check's Python packages live in this virtual environment (gitignored).
VENV         := .venv-notebooks
VENV_READY   := $(VENV)/.installed
NOTEBOOK_REQUIREMENTS := scripts/notebook-requirements.txt
# The service checks' Python packages (openapi-spec-validator, schemathesis) live in this one (gitignored).
SERVE_VENV   := .venv-serve
SERVE_VENV_READY := $(SERVE_VENV)/.installed
SERVE_REQUIREMENTS := scripts/serve-requirements.txt
# schemathesis examples per operation in `make check-serve`.
SERVE_EXAMPLES ?= 25
# Simulated hours of the committed `epof compare` notebooks (Notebooks-export/README.md).
NOTEBOOK_HOURS ?= 6

.PHONY: all deps build run results calibration test check-results check-notebooks check-serve notebooks check-notebooks-current bench bench-serve clean

all: build

# Install the solver libraries (and the COIN sample instances the tests read) when missing, and
# Python's venv module (Debian's python3-venv) when `python3 -m venv` cannot make a venv with pip.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$$missing python3 python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product epof

# The main job: run every policy (the receding-horizon LP, the seed heuristic, max-performance,
# energy-optimal, the clairvoyant oracle) for a simulated day of the default headline scenario
# and print them side by side. Override with SCENARIO=path.yaml HOURS=H.
HOURS ?= 24
run: build
	.build/release/epof compare $(SCENARIO) --hours $(HOURS)

# docs/RESULTS.md: `epof compare` on every headline scenario (24 h; the scenario's objective and the CER
# objective), the issue-10 targets checked (LP/oracle, the oracle bound, CER vs seed, SLO, windows, spread),
# the seed's claims beside ours (scripts/results.py; Python standard library only).
results: build
	python3 scripts/results.py --epof .build/release/epof --hours 24

# docs/CALIBRATION.md §2: the cost model against every cited measurement (Workloads'
# Calibration.cases), per-point errors and the fitting / held-out summaries.
calibration: deps
	$(SWIFT) build -c release --product epof-bench
	.build/release/epof-bench calibration --write docs/CALIBRATION.md

# The Swift suite, then the notebook check (below).
test: deps
	$(SWIFT) test
	@$(MAKE) --no-print-directory check-notebooks
	@$(MAKE) --no-print-directory check-results
	@$(MAKE) --no-print-directory check-serve

# scripts/results.py end to end on a short run (1 simulated hour, debug epof) into a temporary
# file: every headline scenario compares, the JSON has what the report reads, the report is written.
check-results: deps
	$(SWIFT) build --product epof
	@tmp="$$(mktemp)"; trap 'rm -f "$$tmp"' EXIT; \
	python3 scripts/results.py --epof "$$($(SWIFT) build --show-bin-path)/epof" --hours 1 --out "$$tmp" && \
	grep -q '^## Targets (issue 10): ' "$$tmp" && grep -q '^## Reading the numbers' "$$tmp" && \
	echo "check-results: scripts/results.py wrote a complete report"

# Every notebook kind generated fresh with the debug epof that `swift test` built (twice: the
# bytes must match), plus every committed Notebooks-export/*.ipynb: nbformat.validate, then run
# top to bottom with nbclient. Fails on an invalid notebook or a cell that raises.
check-notebooks: deps $(VENV_READY)
	$(SWIFT) build --product epof
	$(VENV)/bin/python scripts/check_notebooks.py --epof "$$($(SWIFT) build --show-bin-path)/epof"

$(VENV_READY): $(NOTEBOOK_REQUIREMENTS)
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r $(NOTEBOOK_REQUIREMENTS)
	touch $@

# `epof serve` live on 127.0.0.1 (a free port, started and killed by scripts/check_serve.py):
# openapi.yaml validates (openapi-spec-validator) and is what GET /openapi.yaml serves; known
# requests answer as the contract says; examples/scheduler_client.py applies a plan;
# schemathesis fuzzes every operation ($(SERVE_EXAMPLES) examples each; no 5xx but 503);
# SIGTERM drains an in-flight request and exits 0.
check-serve: deps $(SERVE_VENV_READY)
	$(SWIFT) build --product epof
	$(SERVE_VENV)/bin/python scripts/check_serve.py --epof "$$($(SWIFT) build --show-bin-path)/epof" --examples $(SERVE_EXAMPLES)

$(SERVE_VENV_READY): $(SERVE_REQUIREMENTS)
	rm -rf $(SERVE_VENV)
	python3 -m venv $(SERVE_VENV)
	$(SERVE_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(SERVE_REQUIREMENTS)
	touch $@

# The service's load test (bench/README.md): /v1/plan at 1, 8 and 64 clients, then 10,000
# mixed valid and invalid requests, on a release build, loopback only.
bench-serve: build
	python3 bench/serve_load.py --epof .build/release/epof --mixed 10000
	$(SWIFT) run -c release epof-bench plan-in-process --seconds 10

# Regenerate the committed notebooks: pareto and compare (--hours $(NOTEBOOK_HOURS)) for every
# headline scenario (Problems/*.yaml but presets.yaml), with the release build.
notebooks: build
	scripts/export_notebooks.sh .build/release/epof Notebooks-export $(NOTEBOOK_HOURS)

# Regenerate into a temporary folder and compare with the committed notebooks, byte for byte.
check-notebooks-current: build
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	scripts/export_notebooks.sh .build/release/epof "$$tmp" $(NOTEBOOK_HOURS) && \
	for f in "$$tmp"/*.ipynb; do \
	  cmp -s "$$f" "Notebooks-export/$$(basename "$$f")" || { echo "differs from the regenerated one: Notebooks-export/$$(basename "$$f")"; exit 1; }; \
	done && echo "Notebooks-export/ is current: every notebook regenerates byte for byte"

# Side-by-side benchmark against highspy, PuLP and Pyomo (sets up bench/.venv).
bench: deps
	bash bench/compare_peers.sh

clean:
	rm -rf .build $(VENV) $(SERVE_VENV)
