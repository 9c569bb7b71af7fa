#!/usr/bin/env bash
# Install what hiptimer needs (system packages when missing, a venv in .venv)
# and open the app. Arguments go to hiptimer, e.g. --routine level-1.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_system_packages "$RUN_PACKAGES"
ensure_venv "audio"
# First use: put hiptimer in the application menu (launcher, icon, metainfo)
# pointing at this venv. "hiptimer uninstall-desktop" takes it out again.
if [ "$(uname -s)" = "Linux" ] && [ -n "${HOME:-}" ] \
   && [ ! -f "${XDG_DATA_HOME:-$HOME/.local/share}/applications/io.github.hiptimer.HipTimer.desktop" ]; then
  "$VENV/bin/hiptimer" install-desktop >/dev/null \
    && say "added hiptimer to the application menu ('hiptimer uninstall-desktop' removes it)" \
    || say "could not add hiptimer to the application menu (continuing)"
fi
exec "$VENV/bin/hiptimer" "$@"
