# Thin wrapper: the real commands are in scripts/dev.py (runs with nothing but Python and git).
PY ?= python3

.PHONY: demo test install bench sample
demo:
	$(PY) scripts/dev.py demo
test:
	$(PY) scripts/dev.py test
install:
	$(PY) scripts/dev.py install
sample:
	.venv/bin/python -m jjn_ledger.sample ledgers/sample-county
