#!/usr/bin/env bash
# The test command: set up .venv, lint, then run the test suite on the real samples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
if [ -z "${GRIDTRACK_REAL_DATA:-}" ] && [ -d ../shared/data ]; then
  export GRIDTRACK_REAL_DATA=../shared/data
fi
[ -n "${GRIDTRACK_REAL_DATA:-}" ] && export GRIDTRACK_REAL_DATA=$(cd "$GRIDTRACK_REAL_DATA" && pwd)
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m mypy
.venv/bin/python -m pytest -n 2 -q "$@"
