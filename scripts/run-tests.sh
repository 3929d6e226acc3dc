#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (and CI through .ci/run):
#   1. lint (ruff), types (strict mypy with django-stubs over the package and its tests), import contracts (lint-imports), generated docs up to date;
#   2. the suite on SQLite;
#   3. the suite on PostgreSQL (PAINWISE_TEST_DATABASE_URL, default the local server);
#   4. the real-browser tests (Debian's chromium driven by Playwright).
# Locally, a missing PostgreSQL server or Chromium is reported loudly and skipped; with CI=true
# (or PAINWISE_REQUIRE_ALL=true) it fails the run instead.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
STRICT=false
if [ -n "${CI:-}" ] || [ "${PAINWISE_REQUIRE_ALL:-}" = "true" ]; then STRICT=true; fi
PG_URL=${PAINWISE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/painwise}
WORKERS=${PAINWISE_TEST_WORKERS:-2}
unset PAINWISE_DATABASE_URL

step() { printf '\n=== %s ===\n' "$*"; }

step "lint and types"
"$BIN/ruff" check src tests bench conftest.py
"$BIN/mypy"
PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" "$BIN/lint-imports" --no-cache
"$BIN/painwise" docs --check

step "suite on SQLite"
"$BIN/pytest" -q -n "$WORKERS" -m "not browser" -p no:cacheprovider

step "suite on PostgreSQL ($PG_URL)"
if "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1])
try:
    psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres",
                    password=url.password, connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL unreachable: {exc}")
    sys.exit(1)
PY
then
  PAINWISE_DATABASE_URL="$PG_URL" "$BIN/pytest" -q -n "$WORKERS" -m "not browser" -p no:cacheprovider
elif [ "$STRICT" = true ]; then
  echo "FAIL: PostgreSQL is required (CI=true) but unreachable at $PG_URL" >&2
  exit 1
else
  echo "WARNING: PostgreSQL suite SKIPPED (no server at $PG_URL). Set PAINWISE_TEST_DATABASE_URL to run it." >&2
fi

step "browser tests (Chromium)"
if [ "$STRICT" = true ] || command -v chromium >/dev/null 2>&1 || [ -n "${PAINWISE_CHROMIUM:-}" ]; then
  "$BIN/pytest" -q -m browser -p no:cacheprovider
else
  echo "WARNING: browser tests SKIPPED (no chromium; install Debian's chromium package)." >&2
fi
