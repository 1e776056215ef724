# Everyday commands. `make app` and `make test` are the two set-up commands in the README.
PY ?= python3
PORT ?= 8501

.PHONY: app test install install-dev chromium data train evaluate bench lint

install:
	$(PY) -m pip install -q -r requirements.txt

install-dev:
	$(PY) -m pip install -q -r requirements-dev.txt

chromium:  # the browser test drives Debian's Chromium (CI runs as root)
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

app: install
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: install-dev chromium
	$(PY) -m pytest -q

data:
	@test -f /usr/share/trans/de-en || (apt-get update -q && apt-get install -y -q trans-de-en)
	$(PY) -m transformer.data

train:
	nohup $(PY) -m transformer.train --init-from checkpoints/en-de --out checkpoints/en-de --max-minutes 120 > train.log 2>&1 &

evaluate:
	$(PY) -m transformer.evaluate

bench:
	$(PY) -m benchmarks.decode_latency
	$(PY) -m benchmarks.train_throughput
	$(PY) -m benchmarks.app_latency
	$(PY) -m benchmarks.toy_fairness
	$(PY) -m benchmarks.experiments_latency

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .
