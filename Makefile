# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test bench clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

setup: $(BIN)/eventwire

# ingests the examples into demo.db and ends with the address to browse it at
demo: setup
	$(BIN)/eventwire demo --db demo.db

# pytest exits 5 when it collects no tests: not a failure of the code
test: setup
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

bench: setup
	$(BIN)/python bench/throughput.py --n 2000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
