# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m caddie_mail_plugin.wizard --demo --data-dir demo-data

demo: $(STAMP)
	$(BIN)/python -m caddie_mail_plugin.demo --data-dir demo-data

typecheck: $(STAMP)
	PYTHON=$(CURDIR)/$(BIN)/python tools/typecheck.sh

test: typecheck
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
