#!/usr/bin/env bash
# Install everything the tests need (system packages when missing, a venv in
# .venv) and run lint and every test. Exits non-zero if no test ran.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_system_packages "$TEST_PACKAGES"
ensure_venv "audio,test"
cd "$HIPTIMER_ROOT"
say "ruff"
"$VENV/bin/ruff" check .
say "import-linter (the layer rules of docs/architecture.md)"
"$VENV/bin/lint-imports"
say "pytest"
set +e
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  say "pytest collected no tests: failing"
  exit 1
fi
exit "$rc"
