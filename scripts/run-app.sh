#!/usr/bin/env bash
# Install what hiptimer needs (system packages when missing, a venv in .venv)
# and open the app. Arguments go to hiptimer, e.g. --routine level-1.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_system_packages "$RUN_PACKAGES"
ensure_venv "audio"
exec "$VENV/bin/hiptimer" "$@"
