# agentguard — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced

ENV ?= dev

.PHONY: k8s help setup run test test-fast lint typecheck format schemas schemas-check eval eval-sources bench bench-engines bench-output bench-audit soak-audit train check-prefilters clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(STAMP): $(UV) uv.lock pyproject.toml contracts/pyproject.toml shared/pyproject.toml $(wildcard services/*/pyproject.toml)
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --all-packages --python $(PYTHON)
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv from uv.lock (pinned; needs only Python 3.11 and pip)
	@# compile the engines' Hyperscan prefilters once (seconds), so that workers and tests
	@# load them from ~/.cache/agentguard (milliseconds) instead of each compiling its own
	@$(BIN)/python -c "from agentguard.engines import build_prefilters; build_prefilters()"

run: setup ## Start embedded NATS + all five workers (NATS_URL=... to use your own server)
	$(BIN)/agentguard mesh up

test: setup ## Run every test tier (unit, component, contracts, integration, e2e)
	$(BIN)/pytest -q -p no:cacheprovider

test-fast: setup ## Unit, component and contract tests only
	$(BIN)/pytest -q -p no:cacheprovider tests/unit tests/component tests/contracts

lint: setup ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy contracts/src shared/src services/*/src src tests examples

typecheck: setup ## mypy --strict only
	$(BIN)/mypy contracts/src shared/src services/*/src src tests examples

format: setup ## Apply ruff's formatter and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schemas: setup ## Regenerate JSON Schemas and the AsyncAPI document
	$(BIN)/python -m agentguard.cli.schemas write

schemas-check: setup ## Fail if committed schemas drift from the models
	$(BIN)/python -m agentguard.cli.schemas check

clean: ## Remove environments and runtime data
	rm -rf $(VENV) $(TOOLS) var .mypy_cache .ruff_cache .pytest_cache

eval: setup ## Detection quality on ../shared/datasets (dev evaluation split) and output leaks
	$(BIN)/python bench/eval.py
	$(BIN)/python bench/output_eval.py

eval-sources: setup ## Each dev file left out of training in turn: recall on a source never seen (~13-17 min)
	$(BIN)/python bench/eval_sources.py

bench-engines: setup ## Engine latency at 1 KB / 16 KB / 256 KB and adversarial, vs detect-secrets
	$(BIN)/python bench/bench_engines.py

check-prefilters: setup ## Every Hyperscan database against RE2 on all dev and written texts (~3 min)
	$(BIN)/python bench/check_prefilters.py

train: setup ## Retrain the shipped injection classifier (reproducible, permissive data only)
	$(BIN)/python bench/train.py

bench-output: setup ## Output-checker latency per streamed chunk (memory and shared-KV windows)
	$(BIN)/python bench/bench_output.py

bench-audit: setup ## Audit-sink: fsync'd write rate, end-to-end events/s via NATS, verify 1M records
	$(BIN)/python -m agentguard.audit_sink.bench

soak-audit: setup ## Audit-sink crash proof: 10,000 events, 5 SIGKILLs, 1 nats-server restart
	$(BIN)/python -m agentguard.audit_sink.soak --events 10000 --kills 5

bench: bench-engines bench-output bench-audit ## Every benchmark, then the end-to-end mesh round trip
	$(BIN)/python bench/bench_mesh.py

k8s: ## Render the Kubernetes manifests of overlay ENV (dev|prod); needs kubectl
	@command -v kubectl >/dev/null || { echo "kubectl not found: install it, or read deploy/k8s/overlays/$(ENV)"; exit 1; }
	kubectl kustomize deploy/k8s/overlays/$(ENV)
