# shellcheck shell=bash
# Shared set-up for scripts/run-app.sh and scripts/test.sh: system packages
# (Debian/Ubuntu, when missing and we can install them) and the project's
# virtual environment in .venv. Sourced, not run.

HIPTIMER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$HIPTIMER_ROOT/.venv"

say() { printf '\033[1mhiptimer:\033[0m %s\n' "$*" >&2; }

# Packages by purpose. Qt's runtime libraries, fonts so text renders, ALSA
# headers and a compiler to build simpleaudio, aplay for the fallback player,
# espeak-ng for the spoken guidance (exercise names; without it the bundled
# phrases play).
RUN_PACKAGES="python3 python3-venv python3-dev gcc libasound2-dev alsa-utils espeak-ng \
libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 \
libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core"
# desktop-file-utils, appstream: validate the launcher and metainfo; dbus-daemon:
# a private bus for the notification tests; poppler-utils (pdftotext, pdftoppm):
# read the PDF report back; systemd: systemd-analyze verifies the reminder timers.
TEST_PACKAGES="$RUN_PACKAGES xvfb xauth xdotool sox util-linux \
desktop-file-utils appstream dbus-daemon openbox poppler-utils systemd"

ensure_system_packages() {
  local wanted="$1" missing=() pkg
  command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian system: skipping system packages"; return 0; }
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "missing system packages (${missing[*]}); run as root or install them, continuing"
      return 0
    fi
  fi
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    $sudo apt-get update -q >/dev/null 2>&1 || true
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
      || say "could not install: ${missing[*]} (continuing; some features may be missing)"
  fi
}

pick_python() {
  local py
  for py in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys, venv; assert sys.version_info >= (3, 11)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  return 1
}

# ensure_venv EXTRAS: create .venv and install the project with EXTRAS
# ("audio" and/or "test"). Reinstalls only when the packaging files change.
ensure_venv() {
  local extras="$1" py stamp want
  py="$(pick_python)" || { say "Python 3.11 or newer with venv is needed"; exit 1; }
  want="$(cat "$HIPTIMER_ROOT/pyproject.toml" "$HIPTIMER_ROOT/setup.py" | sha256sum | cut -d' ' -f1)-$extras"
  stamp="$VENV/.hiptimer-installed"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in .venv"
    "$py" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  say "installing hiptimer and its dependencies ($extras)"
  if ! "$VENV/bin/python" -m pip install -q -e "$HIPTIMER_ROOT[$extras]"; then
    if [ "${CI:-}" = "true" ]; then
      say "installing with [$extras] failed under CI"; exit 1
    fi
    # simpleaudio needs a C compiler and the ALSA headers; without it the app
    # still runs, with the aplay or silent fallback and a notice saying why.
    say "full install failed; installing without simpleaudio (sound falls back)"
    local rest="${extras//audio/}"; rest="${rest//,,/,}"; rest="${rest#,}"; rest="${rest%,}"
    "$VENV/bin/python" -m pip install -q -e "$HIPTIMER_ROOT${rest:+[$rest]}"
  fi
  echo "$want" > "$stamp"
}
