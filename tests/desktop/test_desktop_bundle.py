"""Shipped forms: the wheel carries the desktop files; the PyInstaller bundle runs a session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from hiptimer.desktop import identity
from tests.desktop.desktop_helpers import CI, need_tool

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_installed_wheel_installs_the_desktop_files(tmp_path):
    """From a built wheel (no source tree): icons, templates and install-desktop all work."""
    wheels = tmp_path / "wheels"
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                          str(ROOT)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (wheel,) = wheels.glob("hiptimer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for size in identity.ICON_SIZES:
        assert f"hiptimer/_data/assets/icons/hicolor/{size}x{size}/apps/{identity.ICON_NAME}.png" in names
    assert f"hiptimer/desktop/data/{identity.APP_ID}.desktop.in" in names
    assert f"hiptimer/desktop/data/{identity.APP_ID}.metainfo.xml.in" in names
    target = tmp_path / "site"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                          str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_DATA_HOME": str(tmp_path / "share"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    code = ("import sys, hiptimer\n"
            "assert hiptimer.__file__.startswith(sys.argv[1]), hiptimer.__file__\n"
            "from hiptimer.cli import main\n"
            "sys.exit(main(['install-desktop']))\n")
    out = subprocess.run([sys.executable, "-c", code, str(target)], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    icon = tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{identity.ICON_NAME}.png"
    assert icon.read_bytes() == identity.icon_png(48).read_bytes()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Build the bundle once for this module (about a minute); its output folder."""
    need_tool("tar", "tar")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = "PyInstaller is missing: pip install -e '.[test]'"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle")
    t0 = time.monotonic()
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "build-bundle.sh"), str(out)],
                          env={**os.environ, "PYTHON": sys.executable},
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(f"\nbundle built in {time.monotonic() - t0:.0f} s")
    return out


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def bundle_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HIPTIMER_", "PYTHON", "VIRTUAL_ENV", "XDG_RUNTIME"))}
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_seen": True}))
    env.update({"HIPTIMER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
                "HIPTIMER_AUDIO_DISABLE": "simpleaudio,command",
                "XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CONFIG_HOME": str(tmp_path / "xdgconfig")})
    return env


def test_bundle_plays_level_1_and_records_it(bundle, tmp_path):
    """The bundled binary, with a fresh home, plays Level 1 and its own history shows it."""
    binary = bundle / "hiptimer" / "hiptimer"
    assert binary.is_file() and os.access(binary, os.X_OK)
    env = bundle_env(tmp_path)
    t0 = time.monotonic()
    run = subprocess.run([str(binary), "--routine", "level-1", "--start", "--time-scale", "200",
                          "--quit-when-done"], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    elapsed = time.monotonic() - t0
    assert run.returncode == 0, run.stdout + run.stderr
    history = subprocess.run([str(binary), "history", "--format", "json"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert history.returncode == 0, history.stderr
    (session,) = json.loads(history.stdout)["sessions"]
    assert session["routine_id"] == "level-1" and session["status"] == "completed"
    assert len(session["parts"]) == 3
    print(f"\nbundle: {_size_mb(bundle / 'hiptimer'):.0f} MiB; Level 1 at 200x start to exit {elapsed:.1f} s")


def test_bundle_carries_routines_images_sounds_and_no_unused_qt(bundle):
    """The data folder is inside; Qt modules hiptimer never uses are not."""
    internal = bundle / "hiptimer" / "_internal"
    data = internal / "hiptimer" / "_data"
    for folder, pattern in (("routines", "*.yaml"), ("assets/images", "*.svg"),
                            ("assets/sounds", "*.wav"), ("assets/icons/hicolor/48x48/apps", "*.png")):
        expected = {p.name for p in (ROOT / folder).glob(pattern)}
        assert expected and expected <= {p.name for p in (data / folder).glob(pattern)}, folder
    libs = {p.name.split(".")[0] for p in internal.rglob("libQt6*.so*")}
    assert not libs & {"libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6Sql", "libQt6WebEngineCore"}, libs
    assert _size_mb(bundle / "hiptimer") < 250


def test_bundle_installs_its_own_launcher(bundle, tmp_path):
    """The bundle's install-desktop points the launcher at the bundled binary; it validates."""
    binary = bundle / "hiptimer" / "hiptimer"
    env = bundle_env(tmp_path)
    out = subprocess.run([str(binary), "install-desktop"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    desktop = tmp_path / "share" / "applications" / identity.DESKTOP_FILE
    assert f"Exec={binary}\n" in desktop.read_text()
    validate = need_tool("desktop-file-validate", "desktop-file-utils")
    check = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_tarball_has_the_program_launcher_and_icon(bundle):
    """hiptimer-VERSION-linux-ARCH.tar.gz: the bundle with the .desktop file and icon beside it."""
    import hiptimer

    (tarball,) = bundle.glob(f"hiptimer-{hiptimer.__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    top = tarball.name.removesuffix(".tar.gz")
    for name in ("hiptimer", identity.DESKTOP_FILE, f"{identity.ICON_NAME}.png",
                 f"{identity.ICON_NAME}.svg", "README.txt"):
        assert f"{top}/{name}" in names, name


def test_bundle_cold_start_is_quick(bundle, tmp_path):
    """From exec to listening for other launches (the window follows at once) in a few seconds."""
    binary = bundle / "hiptimer" / "hiptimer"
    env = bundle_env(tmp_path)
    log = Path(env["HIPTIMER_HOME"]) / "log" / "hiptimer.log"
    t0 = time.monotonic()
    proc = subprocess.Popen([str(binary)], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while "Listening for later launches" not in (log.read_text() if log.exists() else ""):
            assert proc.poll() is None, "the bundle exited"
            assert time.monotonic() - t0 < 20
            time.sleep(0.02)
        started = time.monotonic() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"\nbundle start to listening: {started:.2f} s")
    assert started < 10
