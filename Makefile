# plinth — `make demo` and `make test` work on a fresh clone.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

export CHECKPOINT_DISABLE := 1

.PHONY: demo test bench install lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

NODE_STAMP := node_modules/.installed

# The cdktf CLI (pinned in package.json / package-lock.json) runs main.py for `cdktf synth|deploy`.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

demo: $(STAMP)
	$(BIN)/plinth build blueprints/

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

lock:
	rm -rf /tmp/plinth-lock && $(PY) -m venv /tmp/plinth-lock
	/tmp/plinth-lock/bin/pip install -q -e '.[test]'
	/tmp/plinth-lock/bin/pip freeze --exclude-editable | sed '1i # Full pinned dependency set (pip freeze of a clean install). Regenerate with `make lock`.' > requirements.lock

clean:
	rm -rf $(VENV) node_modules
