# EPOF — the two set-up commands are `make run` and `make test`.
# Both install what the project needs when it is missing (Debian packages), then build.

SWIFT        ?= swift
APT_PACKAGES := pkg-config zlib1g-dev libglpk-dev coinor-libclp-dev coinor-libcbc-dev coinor-libcoinutils-dev
SCENARIO     ?= Problems/sdxl-ecommerce-sichuan.yaml

.PHONY: all deps build run test bench clean

all: build

# Install the solver libraries (and the COIN sample instances the tests read) when missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product epof

# The main job: plan the default headline scenario's next epoch (exact α·T + β/C optimum over
# the throughput–carbon frontier) and print the plan. Override with SCENARIO=path.yaml.
run: build
	.build/release/epof plan $(SCENARIO)

test: deps
	$(SWIFT) test

# Side-by-side benchmark against highspy, PuLP and Pyomo (sets up bench/.venv).
bench: deps
	bash bench/compare_peers.sh

clean:
	rm -rf .build
