# mentorkit — the two commands a newcomer needs are `make serve` and `make test`.
# Every target installs what it needs first, so both work on a fresh machine.

PYTHON   ?= python3.11
VENV     := .venv
BIN      := $(VENV)/bin
PORT     ?= 8000
export PORT
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site functions venv node java chromium clean deploy publish destroy bench

serve: venv node site functions  ## run the whole product locally at http://127.0.0.1:$(PORT)
	$(BIN)/python -m devstack serve

test: venv node java chromium functions  ## install everything and run every test
	$(BIN)/python -m pytest

# Each Lambda function built for this machine with only its own requirements (build/functions):
# the local stack runs every function from there, in processes of its own, as AWS does.
functions: venv
	$(MAKE) --no-print-directory -C functions host PYTHON=$(abspath $(BIN)/python)

site: venv node  ## build the guide site into build/site (node: Chart.js for the dashboard)
	$(BIN)/mkdocs build --strict --quiet

bench: venv node functions  ## run the benchmarks and write their figures into the docs
	$(BIN)/python benchmarks/solve.py
	$(BIN)/python benchmarks/match.py
	$(BIN)/python benchmarks/roster_import.py
	$(BIN)/python benchmarks/cold_start.py --before c84a31a
	$(BIN)/python benchmarks/cost.py
	$(BIN)/python benchmarks/relationships.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/metrics.py
	$(BIN)/python benchmarks/lighthouse.py

venv: $(VENV)/.installed
$(VENV)/.installed: requirements/dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# DynamoDB Local runs on Java; the JDK's compiler builds the launcher that keeps it on 127.0.0.1
# (infra/devstack/LoopbackDynamoDBLocal.java). `make serve` falls back to moto without Java; tests need it.
java:
	@if ! command -v java >/dev/null || ! command -v javac >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's JDK for DynamoDB Local…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >/dev/null; \
	  else \
	    echo "Java is missing: run 'sudo apt-get install default-jdk-headless' (DynamoDB Local needs it)."; \
	    [ "$$CI" != true ] || exit 1; \
	  fi; \
	fi

# Debian's Chromium drives the end-to-end tests; Playwright never downloads a browser.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need /usr/bin/chromium)."; \
	    [ "$$CI" != true ] || exit 1; \
	  fi; \
	fi

clean:  ## remove build output (keeps local data in .data/)
	rm -rf build .pytest_cache

deploy: venv node  ## build and deploy to AWS, publish the site
	$(BIN)/python -m devstack.deploy deploy

publish: venv node  ## rebuild and upload only the site (content changes)
	$(BIN)/python -m devstack.deploy publish

destroy: venv  ## remove the deployed stack (the table is retained)
	$(BIN)/python -m devstack.deploy destroy
