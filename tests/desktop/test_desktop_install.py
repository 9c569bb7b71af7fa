"""install-desktop and uninstall-desktop: valid files, exactly ours, in the XDG folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import hiptimer
from hiptimer.desktop import identity, install
from tests.desktop.desktop_helpers import need_tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """XDG_DATA_HOME and XDG_CONFIG_HOME in tmp_path; returns (data, config)."""
    data, config = tmp_path / "share", tmp_path / "config"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return data, config


def no_refresh(_data: Path) -> None:
    pass


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def test_install_writes_launcher_icons_and_metainfo(xdg):
    """The .desktop file, every icon size, the SVG and the metainfo land in XDG_DATA_HOME."""
    data, config = xdg
    result = install.install(refresh=no_refresh)
    expected = {
        f"applications/{identity.DESKTOP_FILE}",
        f"metainfo/{identity.METAINFO_FILE}",
        f"icons/hicolor/scalable/apps/{identity.APP_ID}.svg",
        *(f"icons/hicolor/{n}x{n}/apps/{identity.APP_ID}.png" for n in identity.ICON_SIZES),
    }
    assert {str(p.relative_to(data)) for p in result.written} == expected
    assert all((data / name).is_file() for name in expected)
    manifest = json.loads((config / "hiptimer" / "desktop-install.json").read_text())
    assert set(manifest["files"]) == {str(data / name) for name in expected}


def test_desktop_file_passes_desktop_file_validate(xdg):
    """desktop-file-validate finds no error or warning in the written launcher."""
    validate = need_tool("desktop-file-validate", "desktop-file-utils")
    install.install(refresh=no_refresh)
    out = subprocess.run([validate, str(install.desktop_file_path())], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_metainfo_passes_appstreamcli_pedantic(xdg):
    """appstreamcli validate --pedantic --no-net accepts the metainfo."""
    appstreamcli = need_tool("appstreamcli", "appstream")
    data, _ = xdg
    install.install(refresh=no_refresh)
    metainfo = data / "metainfo" / identity.METAINFO_FILE
    out = subprocess.run([appstreamcli, "validate", "--no-net", "--pedantic", str(metainfo)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    # Nothing above the pedantic notes (the id's capital letters are the only one).
    problems = [line for line in out.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]
    assert problems == [], out.stdout


def test_metainfo_says_what_a_software_centre_needs(xdg):
    """Id, launchable, screenshots from the repository, OARS rating, and this version's release."""
    data, _ = xdg
    install.install(refresh=no_refresh)
    root = ET.parse(data / "metainfo" / identity.METAINFO_FILE).getroot()
    assert root.findtext("id") == identity.APP_ID
    assert root.find("launchable").text == identity.DESKTOP_FILE
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.find("url[@type='homepage']").text == "https://github.com/hiptimer/hiptimer"
    images = [i.text for i in root.iter("image")]
    assert images and all(i.startswith("https://github.com/hiptimer/hiptimer/raw/main/docs/images/")
                          for i in images)
    for url in images:  # each screenshot is a picture the README shows
        assert (ROOT / "docs" / "images" / url.rsplit("/", 1)[1]).is_file(), url
    newest = root.find("releases/release")
    assert newest.get("version") == hiptimer.__version__


def test_exec_is_this_installation(xdg):
    """Exec and the Start Level 1 action run this installation's hiptimer, by absolute path."""
    install.install(refresh=no_refresh)
    text = install.desktop_file_path().read_text()
    command = install.launcher_command()
    assert os.path.isabs(command[0])
    exec_lines = [line for line in text.splitlines() if line.startswith("Exec=")]
    assert exec_lines == [f"Exec={install.exec_quote(command)}",
                          f"Exec={install.exec_quote(command)} --routine level-1 --start"]
    assert "Name=Start Level 1" in text
    assert f"Icon={identity.ICON_NAME}" in text


def test_exec_quoting_follows_the_spec():
    """Spaces and reserved characters are quoted; %, quotes, $ and backslashes are escaped."""
    assert install.exec_quote(["/usr/bin/hiptimer", "--start"]) == "/usr/bin/hiptimer --start"
    assert install.exec_quote(["/home/a b/bin/hiptimer"]) == '"/home/a b/bin/hiptimer"'
    assert install.exec_quote(["/x/100%/h"]) == "/x/100%%/h"
    assert install.exec_quote(['/x/$"q`/h']) == '"/x/\\\\$\\\\"q\\\\`/h"'
    with pytest.raises(install.DesktopInstallError):
        install.exec_quote(["/x/line\nbreak"])


def test_launcher_command_prefers_the_script_beside_python(tmp_path, monkeypatch):
    """A venv's hiptimer script is used; without one, python -m hiptimer; frozen: the binary."""
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    python = venv / "python"
    python.write_text("")
    monkeypatch.setattr(sys, "executable", str(python))
    assert install.launcher_command() == [str(python), "-m", "hiptimer"]
    script = venv / "hiptimer"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert install.launcher_command() == [str(script)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert install.launcher_command() == [str(python)]


def test_install_twice_gives_the_same_files(xdg):
    """Idempotent: a second install writes the same bytes and the same manifest."""
    data, config = xdg
    install.install(refresh=no_refresh)
    first = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    manifest = (config / "hiptimer" / "desktop-install.json").read_text()
    install.install(refresh=no_refresh)
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == first
    assert (config / "hiptimer" / "desktop-install.json").read_text() == manifest


def test_uninstall_removes_exactly_what_install_wrote(xdg):
    """Others' files stay; ours and the folders we created go; so does the manifest."""
    data, config = xdg
    theirs = data / "applications" / "org.example.Other.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\n")
    before = tree(data)
    install.install(refresh=no_refresh)
    result = install.uninstall(refresh=no_refresh)
    assert len(result.removed) == len(identity.ICON_SIZES) + 3
    assert tree(data) == before
    assert theirs.is_file()
    assert not (config / "hiptimer").exists()


def test_uninstall_keeps_a_file_changed_since(xdg):
    """A launcher the user edited is kept and named, not silently deleted."""
    install.install(refresh=no_refresh)
    desktop = install.desktop_file_path()
    desktop.write_text(desktop.read_text() + "NoDisplay=true\n")
    result = install.uninstall(refresh=no_refresh)
    assert result.kept == [desktop] and desktop.is_file()


def test_uninstall_without_install_does_nothing(xdg):
    """No manifest, nothing removed, no error."""
    data, _ = xdg
    result = install.uninstall(refresh=no_refresh)
    assert result.removed == [] and not data.exists()


def test_damaged_manifest_is_refused_not_obeyed(xdg):
    """A manifest naming files that are not ours is an error; nothing is deleted."""
    _, config = xdg
    victim = config.parent / "precious.txt"
    victim.write_text("keep me")
    digest = install._sha256(b"keep me")
    (config / "hiptimer").mkdir(parents=True)
    (config / "hiptimer" / "desktop-install.json").write_text(json.dumps(
        {"version": 1, "app_id": identity.APP_ID, "files": {str(victim): digest}, "dirs": []}))
    with pytest.raises(install.DesktopInstallError, match="not a hiptimer file"):
        install.uninstall(refresh=no_refresh)
    assert victim.read_text() == "keep me"


def test_relative_xdg_variables_are_ignored(tmp_path, monkeypatch):
    """The base directory spec: a relative XDG_DATA_HOME is invalid and ~/.local/share is used."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert install.data_home() == tmp_path / ".local" / "share"


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    code = ("import sys\n"
            "from hiptimer.__main__ import main\n"
            "rc = main(sys.argv[1:])\n"
            "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "assert not qt, qt\n"
            "sys.exit(rc)\n")
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=60, cwd=ROOT)


def test_commands_run_without_qt_and_refresh_the_desktop_database(tmp_path):
    """hiptimer install-desktop / uninstall-desktop: no Qt loaded; caches refreshed where tools exist."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = _run_cli(["install-desktop"], env)
    assert out.returncode == 0, out.stderr
    assert identity.DESKTOP_FILE in out.stdout
    apps = tmp_path / "share" / "applications"
    assert (apps / identity.DESKTOP_FILE).is_file()
    if os.path.exists("/usr/bin/update-desktop-database"):
        assert (apps / "mimeinfo.cache").is_file()  # update-desktop-database ran
    out = _run_cli(["uninstall-desktop"], env)
    assert out.returncode == 0, out.stderr
    assert not (apps / identity.DESKTOP_FILE).exists()
    out = _run_cli(["uninstall-desktop"], env)
    assert out.returncode == 0 and "Nothing to remove" in out.stdout


def test_install_fails_with_a_message_when_it_cannot_write(tmp_path, monkeypatch, capsys):
    """A data folder it cannot create gives a one-line error and exit 2, not a traceback."""
    from hiptimer.cli import main

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # even root cannot make a folder inside a file
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["install-desktop"]) == 2
    assert "could not install" in capsys.readouterr().err
