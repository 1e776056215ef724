# Everyday commands. `make app` and `make test` are the two set-up commands in the README.
# Everything runs in a virtual environment, .venv/ (a stock Debian/Ubuntu Python refuses `pip install`
# outside one); it sees packages the system Python already has, so nothing is downloaded twice.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: app classroom test install install-dev chromium data train evaluate bench lint

$(PY):
	$(PYTHON) -m venv --system-site-packages $(VENV) || \
	  ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv && \
	   $(PYTHON) -m venv --system-site-packages $(VENV))

install: $(PY)
	$(PY) -m pip install -q -r requirements.txt

install-dev: $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt

chromium:  # the browser test drives Debian's Chromium, and looks at a page in Chinese (a CJK font)
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)
	@fc-list :lang=zh | grep -q . || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-wqy-microhei)

app: install
	$(PY) -m streamlit run app.py --server.port $(PORT)

# Every network interface, on purpose (a classroom): the URL printed is this machine's name, so Streamlit
# never asks an outside service for a public address.
classroom: install
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0 --browser.serverAddress $$(hostname -f)

test: install-dev chromium
	$(PY) -m pytest -q

data: $(PY)
	@test -f /usr/share/trans/de-en || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q trans-de-en)
	$(PY) -m transformer.data --tokenizer checkpoints/en-de/spm.model  # the shipped model's pieces

train: install
	nohup $(PY) -m transformer.train --init-from checkpoints/en-de --out checkpoints/en-de --max-minutes 120 > train.log 2>&1 &

evaluate: install
	$(PY) -m transformer.evaluate

bench: install
	$(PY) -m benchmarks.decode_latency
	$(PY) -m benchmarks.train_throughput
	$(PY) -m benchmarks.app_latency
	$(PY) -m benchmarks.toy_fairness
	$(PY) -m benchmarks.experiments_latency

lint: install-dev
	$(PY) -m ruff check . && $(PY) -m ruff format --check .
