# The two commands of the README: `make run` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  ?= python3
PORT    ?= 5000
WORKERS ?= 4
export FLASK_APP := wsgi
# Mailed links point here; set BASE_URL (https://…) to the site's real address elsewhere.
BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install install-dev system-deps translations messages bench load clean

run: install translations
	$(BIN)/flask init-db
	$(BIN)/flask seed-demo --if-empty
	BASE_URL=$(BASE_URL) PORT=$(PORT) WORKERS=$(WORKERS) bash scripts/run.sh

test: system-deps install-dev translations
	bash scripts/test.sh

# 20 people for at most 2 minutes against gunicorn (WORKERS) on a copy of the demo data.
load: install translations
	$(BIN)/python scripts/load.py --serve --workers $(WORKERS)

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d app/translations >/dev/null

# Extract the French strings and update the English catalogue. --ignore-dirs ".*"
# keeps skipping dot folders but no longer "_" ones (app/templates/_macros/).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs ".*" -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

system-deps:
	bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) .pytest_cache

# The search benchmark: `make bench` (100,000 documents) or `make bench N=20000`,
# then the replacement engine's on SQLite and on a PostgreSQL server of its own.
N ?= 100000
bench: install
	$(BIN)/python bench/search_bench.py $(N)
	$(BIN)/python bench/replacements.py
	$(BIN)/python bench/replacements.py --postgres
	$(BIN)/python bench/replacement_waves.py
