"""``hiptimer install-desktop`` and ``uninstall-desktop``: the launcher, icons and metainfo.

Writes, under ``$XDG_DATA_HOME`` (``~/.local/share``):

* ``applications/<id>.desktop`` whose ``Exec`` is this installation's own
  program: the ``hiptimer`` script beside ``sys.executable`` (a venv or a
  pipx install), the bundle's binary when frozen, else
  ``sys.executable -m hiptimer``;
* ``icons/hicolor/<n>x<n>/apps/<id>.png`` and ``icons/hicolor/scalable/apps/<id>.svg``;
* ``metainfo/<id>.metainfo.xml`` (AppStream).

and records each file with its checksum in a manifest,
``$XDG_CONFIG_HOME/hiptimer/desktop-install.json``. Uninstalling removes
exactly those files (a file changed since is kept and named), the folders
the install created once they are empty, and the manifest. Installing twice
gives the same files. Qt-free: the command line never loads Qt.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import TextIO

from hiptimer.desktop import identity

log = logging.getLogger(__name__)

MANIFEST_NAME = "desktop-install.json"
MANIFEST_VERSION = 1
_TEMPLATES = Path(__file__).resolve().parent / "data"

# Characters that force quoting of an Exec argument (desktop entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopInstallError(OSError):
    """The desktop files could not be written or removed; the message says why."""


# -- where things go -----------------------------------------------------------
def _xdg_dir(env: Mapping[str, str], var: str, fallback: str) -> Path:
    value = env.get(var, "")
    # The base directory spec: a relative path in these variables is invalid and ignored.
    if value and os.path.isabs(value):
        return Path(value)
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / fallback


def data_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_dir(os.environ if env is None else env, "XDG_DATA_HOME", ".local/share")


def config_home(env: Mapping[str, str] | None = None) -> Path:
    return _xdg_dir(os.environ if env is None else env, "XDG_CONFIG_HOME", ".config")


def manifest_path(env: Mapping[str, str] | None = None) -> Path:
    return config_home(env) / identity.APP_NAME / MANIFEST_NAME


def desktop_file_path(env: Mapping[str, str] | None = None) -> Path:
    return data_home(env) / "applications" / identity.DESKTOP_FILE


def is_installed(env: Mapping[str, str] | None = None) -> bool:
    return desktop_file_path(env).is_file()


# -- the launcher's command ---------------------------------------------------------
def launcher_command() -> list[str]:
    """The argv that starts this installation of hiptimer, with absolute paths.

    The interpreter path is not resolved: a venv's ``python`` is a symlink to
    the system one, and resolving it would lose the venv.
    """
    exe = os.path.abspath(sys.executable)
    if getattr(sys, "frozen", False):
        return [exe]
    folder = os.path.dirname(exe)
    for name in ("hiptimer", "hiptimer.exe"):
        script = os.path.join(folder, name)
        if os.path.isfile(script) and os.access(script, os.X_OK):
            return [script]
    return [exe, "-m", "hiptimer"]


def exec_quote(argv: Sequence[str]) -> str:
    """Join ``argv`` into a desktop entry ``Exec`` value.

    Arguments with reserved characters are double-quoted with ``"`  $ \\``
    backslash-escaped; ``%`` is doubled (field codes); and since the Exec
    value is itself a string value, each backslash is escaped once more.
    """
    parts = []
    for arg in argv:
        if not arg or any(c in "\n\r\0" for c in arg):
            raise DesktopInstallError(f"cannot put {arg!r} in a .desktop file's Exec line")
        arg = arg.replace("%", "%%")
        if any(c in _RESERVED for c in arg):
            inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            arg = f'"{inner}"'
        parts.append(arg)
    return " ".join(parts).replace("\\", "\\\\")


# -- contents -----------------------------------------------------------------------
def _template(name: str) -> Template:
    return Template((_TEMPLATES / name).read_text(encoding="utf-8"))


def desktop_entry(argv: Sequence[str] | None = None) -> str:
    """The .desktop file's text for a launcher running ``argv``."""
    argv = list(argv or launcher_command())
    # TryExec takes one path (no quoting): the launcher hides itself if it goes away.
    try_exec = argv[0] if os.path.isabs(argv[0]) else os.path.basename(argv[0])
    return _template(f"{identity.APP_ID}.desktop.in").substitute(
        icon=identity.ICON_NAME, exec=exec_quote(argv), try_exec=try_exec.replace("\\", "\\\\"),
        wm_class=identity.APP_NAME)


def metainfo_xml() -> str:
    """The AppStream metainfo's text."""
    return _template(f"{identity.APP_ID}.metainfo.xml.in").substitute(
        app_id=identity.APP_ID, desktop_id=identity.DESKTOP_FILE, icon=identity.ICON_NAME,
        homepage=identity.REPOSITORY_URL, issues=identity.ISSUES_URL,
        screenshots=identity.SCREENSHOT_URL)


def planned_files(data: Path, argv: Sequence[str] | None = None) -> dict[Path, bytes]:
    """Every file the install writes under ``data``, with its bytes."""
    files: dict[Path, bytes] = {
        data / "applications" / identity.DESKTOP_FILE: desktop_entry(argv).encode("utf-8"),
        data / "metainfo" / identity.METAINFO_FILE: metainfo_xml().encode("utf-8"),
    }
    icons = data / "icons" / "hicolor"
    for size in identity.ICON_SIZES:
        src = identity.icon_png(size)
        files[icons / f"{size}x{size}" / "apps" / src.name] = src.read_bytes()
    svg = identity.icon_svg()
    files[icons / "scalable" / "apps" / svg.name] = svg.read_bytes()
    return files


# -- the manifest -----------------------------------------------------------------
@dataclass
class Manifest:
    files: dict[str, str] = field(default_factory=dict)  # absolute path -> sha256
    dirs: list[str] = field(default_factory=list)  # folders the install created
    command: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"version": MANIFEST_VERSION, "app_id": identity.APP_ID,
                           "command": self.command, "files": self.files, "dirs": self.dirs},
                          indent=2, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise DesktopInstallError(f"the install manifest {path} is unreadable: {exc}") from exc
        if not isinstance(raw, dict) or raw.get("app_id") != identity.APP_ID:
            raise DesktopInstallError(f"{path} is not a hiptimer install manifest")
        files = raw.get("files", {})
        dirs = raw.get("dirs", [])
        command = raw.get("command", [])
        if not (isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in files.items())
                and isinstance(dirs, list) and all(isinstance(d, str) for d in dirs)):
            raise DesktopInstallError(f"{path} is damaged: its file list is not valid")
        # Only ever touch absolute paths that name our own files.
        for name in [*files, *dirs]:
            if not os.path.isabs(name):
                raise DesktopInstallError(f"{path} is damaged: {name!r} is not an absolute path")
        for name in files:
            if not Path(name).name.startswith(identity.APP_ID):
                raise DesktopInstallError(f"{path} lists {name!r}, which is not a hiptimer file")
        return cls(files=dict(files), dirs=list(dirs),
                   command=[str(c) for c in command] if isinstance(command, list) else [])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    try:
        return _sha256(path.read_bytes())
    except OSError:
        return None


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_dirs(path: Path, created: list[str]) -> None:
    """``mkdir -p`` that records each folder it had to create, outermost first."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        d.mkdir(exist_ok=True)
        created.append(str(d))


# -- refreshing the desktop's caches -------------------------------------------------
def _run_quietly(argv: list[str]) -> None:
    exe = shutil.which(argv[0])
    if exe is None:
        return
    try:
        subprocess.run([exe, *argv[1:]], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("%s failed: %s", argv[0], exc)


def refresh_caches(data: Path) -> None:
    """Tell the desktop about the change, where its tools exist.

    The icon cache is refreshed only where one already exists: GTK reads a
    folder without a cache directly, whereas a cache this command created
    would go stale when the next program installs an icon there.
    """
    apps = data / "applications"
    if apps.is_dir():
        _run_quietly(["update-desktop-database", "-q", str(apps)])
    hicolor = data / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").is_file():
        _run_quietly(["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)])


# -- install and uninstall ---------------------------------------------------------
@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # changed since we wrote them
    manifest: Path | None = None
    command: list[str] = field(default_factory=list)


def install(env: Mapping[str, str] | None = None, argv: Sequence[str] | None = None,
            refresh: Callable[[Path], None] = refresh_caches) -> Result:
    """Write the launcher, icons and metainfo; record them; safe to repeat."""
    env = os.environ if env is None else env
    data = data_home(env)
    command = list(argv or launcher_command())
    manifest_file = manifest_path(env)
    old = Manifest.load(manifest_file) or Manifest()
    new = Manifest(dirs=list(old.dirs), command=command)
    result = Result(manifest=manifest_file, command=command)
    files = planned_files(data, command)
    try:
        for path, content in files.items():
            _make_dirs(path.parent, new.dirs)
            _write_atomic(path, content)
            new.files[str(path)] = _sha256(content)
            result.written.append(path)
        # Files an earlier install wrote that this one does not (a size dropped):
        # remove them, as uninstall would.
        for name, digest in old.files.items():
            if name not in new.files:
                _remove_file(Path(name), digest, result)
        _make_dirs(manifest_file.parent, [])
        _write_atomic(manifest_file, new.to_json().encode("utf-8"))
    except OSError as exc:
        # Record what was written so far, so uninstall can still clean it up.
        if new.files:
            try:
                _make_dirs(manifest_file.parent, [])
                _write_atomic(manifest_file, new.to_json().encode("utf-8"))
            except OSError:
                pass
        raise DesktopInstallError(f"could not install the desktop files: {exc}") from exc
    refresh(data)
    return result


def _remove_file(path: Path, digest: str, result: Result) -> None:
    current = _file_sha256(path)
    if current is None:
        return
    if current != digest:
        result.kept.append(path)
        return
    path.unlink()
    result.removed.append(path)


def uninstall(env: Mapping[str, str] | None = None,
              refresh: Callable[[Path], None] = refresh_caches) -> Result:
    """Remove exactly what :func:`install` recorded; nothing without a manifest."""
    env = os.environ if env is None else env
    manifest_file = manifest_path(env)
    result = Result(manifest=manifest_file)
    manifest = Manifest.load(manifest_file)
    if manifest is None:
        return result
    try:
        for name, digest in manifest.files.items():
            _remove_file(Path(name), digest, result)
        for name in reversed(manifest.dirs):  # innermost first
            try:
                Path(name).rmdir()
            except OSError:
                pass  # not empty (other programs' files) or already gone
        manifest_file.unlink(missing_ok=True)
        try:
            manifest_file.parent.rmdir()
        except OSError:
            pass
    except OSError as exc:
        raise DesktopInstallError(f"could not remove the desktop files: {exc}") from exc
    refresh(data_home(env))
    return result


# -- command line -------------------------------------------------------------------
def add_subcommands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("install-desktop",
                   help="add hiptimer to the desktop's application menu (launcher, icons, metainfo)")
    sub.add_parser("uninstall-desktop", help="remove what install-desktop wrote")


def cmd_install_desktop(args: argparse.Namespace, out: TextIO) -> int:
    result = install()
    data = data_home()
    out.write(f"Installed the launcher for: {' '.join(result.command)}\n")
    out.write(f"  {len(result.written)} files under {data}\n")
    out.write(f"  {desktop_file_path()}\n")
    for path in result.removed:
        out.write(f"  removed an old file: {path}\n")
    out.write(f"  record of what was written: {result.manifest}\n")
    out.write("hiptimer is in the application menu; 'hiptimer uninstall-desktop' removes it.\n")
    return 0


def cmd_uninstall_desktop(args: argparse.Namespace, out: TextIO) -> int:
    result = uninstall()
    if not result.removed and not result.kept:
        out.write(f"Nothing to remove: no record of an install at {result.manifest}\n")
        return 0
    out.write(f"Removed {len(result.removed)} files.\n")
    for path in result.kept:
        out.write(f"  kept {path}: it changed since hiptimer wrote it\n")
    return 0


DESKTOP_HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "install-desktop": cmd_install_desktop,
    "uninstall-desktop": cmd_uninstall_desktop,
}
