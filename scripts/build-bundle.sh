#!/usr/bin/env bash
# Build hiptimer for people without Python: a one-folder PyInstaller bundle
# with the routines, images, sounds and icons inside, and a tarball of it
# with the .desktop file and the icon beside the program.
#
#   bash scripts/build-bundle.sh [OUT]      (default OUT: dist/)
#
# Gives OUT/hiptimer/hiptimer (run it; "hiptimer install-desktop" adds it to
# the application menu) and OUT/hiptimer-VERSION-linux-ARCH.tar.gz.
# Needs the project's venv with the test extra (pyinstaller): run
# scripts/test.sh or scripts/bootstrap.sh's ensure_venv first, or set PYTHON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
OUT="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '\033[1mbuild-bundle:\033[0m %s\n' "$*" >&2; }

"$PY" -c 'import PyInstaller' 2>/dev/null || {
  say "PyInstaller is missing: $PY -m pip install pyinstaller (it is in the [test] extra)"; exit 1; }
VERSION="$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import hiptimer; print(hiptimer.__version__)' "$ROOT")"
ARCH="$(uname -m)"

# The entry point as a script of its own: hiptimer/__main__.py as the script
# would put the package folder itself on the search path.
cat > "$WORK/hiptimer_bundle.py" <<'EOF'
import sys

from hiptimer.__main__ import main

sys.exit(main())
EOF

# Qt modules hiptimer never imports; PyInstaller would otherwise follow
# optional imports into them. (QtTest stays: the screenshot helper uses it.)
EXCLUDES=()
for mod in QtQml QtQuick QtQuickWidgets QtOpenGL QtOpenGLWidgets QtPdf QtPdfWidgets QtSql \
           QtPrintSupport QtConcurrent QtXml QtDesigner QtHelp QtUiTools QtStateMachine \
           QtSpatialAudio QtMultimedia QtWebEngineCore; do
  EXCLUDES+=(--exclude-module "PySide6.$mod")
done
for mod in tkinter unittest pydoc_data lib2to3 pytest _pytest hypothesis jsonschema; do
  EXCLUDES+=(--exclude-module "$mod")
done

say "PyInstaller $("$PY" -m PyInstaller --version) building hiptimer $VERSION"
start=$(date +%s)
# Analysis imports hiptimer from the source tree (--paths), not an editable
# install's import hook, which PyInstaller cannot follow.
"$PY" -m PyInstaller --noconfirm --log-level WARN --onedir --name hiptimer \
  --distpath "$OUT" --workpath "$WORK/build" --specpath "$WORK" \
  --paths "$ROOT" \
  --collect-submodules hiptimer \
  --add-data "$ROOT/routines:hiptimer/_data/routines" \
  --add-data "$ROOT/assets:hiptimer/_data/assets" \
  --add-data "$ROOT/hiptimer/library/routine.schema.json:hiptimer/library" \
  --add-data "$ROOT/hiptimer/desktop/data:hiptimer/desktop/data" \
  "${EXCLUDES[@]}" \
  "$WORK/hiptimer_bundle.py"
say "built $OUT/hiptimer in $(( $(date +%s) - start )) s"

# Translations of Qt's own dialogs: hiptimer's text is English only.
rm -rf "$OUT/hiptimer/_internal/PySide6/Qt/translations"

# The tarball: the bundle, plus a launcher and icon for those who unpack it
# by hand. "hiptimer install-desktop" writes a launcher with the absolute path.
NAME="hiptimer-$VERSION-linux-$ARCH"
STAGE="$WORK/$NAME"
cp -a "$OUT/hiptimer" "$STAGE"
"$PY" - "$ROOT" "$STAGE" <<'EOF'
import shutil
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from hiptimer.desktop import identity, install

stage = Path(sys.argv[2])
(stage / identity.DESKTOP_FILE).write_text(install.desktop_entry(["hiptimer"]), encoding="utf-8")
shutil.copy(identity.icon_png(256), stage / f"{identity.ICON_NAME}.png")
shutil.copy(identity.icon_svg(), stage / f"{identity.ICON_NAME}.svg")
(stage / "README.txt").write_text(
    "hiptimer: guided hip rotation routines.\n\n"
    "Run ./hiptimer from this folder. To add it to your application menu, with its icon:\n\n"
    "    ./hiptimer install-desktop\n\n"
    "(the launcher then runs this folder's program; keep the folder where it is, or run\n"
    "install-desktop again after moving it). './hiptimer uninstall-desktop' removes it.\n"
    f"The .desktop file here runs 'hiptimer' from your PATH. {identity.REPOSITORY_URL}\n",
    encoding="utf-8")
EOF
tar -C "$WORK" -czf "$OUT/$NAME.tar.gz" "$NAME"
say "$(du -sh "$OUT/hiptimer" | cut -f1) in $OUT/hiptimer, $(du -h "$OUT/$NAME.tar.gz" | cut -f1) as $OUT/$NAME.tar.gz"
