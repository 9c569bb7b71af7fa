"""The command line: list, validate, show, --version, as a user runs them."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from hiptimer import __version__
from hiptimer.cli import main
from hiptimer.paths import routines_dir


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out)
    return code, out.getvalue()


def test_list_shows_levels_first_with_durations():
    code, text = run("list")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "LEVEL", "TIME", "TITLE"]
    assert lines[1].startswith("level-1") and "Level 1" in lines[1] and "min" in lines[1]
    assert lines[3].startswith("level-3")
    assert "problem" not in text


def test_list_reports_broken_user_files(private_home):
    folder = private_home / "data" / "routines"
    folder.mkdir(parents=True)
    (folder / "bad.yaml").write_text("id: bad\ntitle: 5\n")
    code, text = run("list")
    assert code == 0
    assert "problem(s) in routine files" in text
    assert f"{folder / 'bad.yaml'}:2:8: title: expected text, got 5" in text


def test_validate_clean_files_exits_0():
    code, text = run("validate", str(routines_dir()))
    assert code == 0, text
    assert "level-1.yaml: ok, level-1" in text


def test_validate_broken_file_exits_1_with_located_errors(tmp_path):
    f = tmp_path / "level-2.yaml"
    text = (routines_dir() / "level-2.yaml").read_text()
    f.write_text(text.replace("hold: {default: 45, min: 30, max: 60}", "hold: -5"))
    code, out = run("validate", str(f))
    assert code == 1
    assert f"{f}:" in out and "exercises[1].dose.hold: expected seconds between 1 and 3600, got -5" in out


def test_show_prints_the_timeline_and_exact_total():
    code, text = run("show", "level-1")
    assert code == 0
    assert "get ready" in text and "switch sides" in text
    assert "Total: 4 min 15 s (255 s)" in text


def test_show_unknown_routine_exits_1():
    code, text = run("show", "no-such-routine")
    assert code == 1 and "Known:" in text


def test_version_from_the_entry_point():
    out = subprocess.run([sys.executable, "-m", "hiptimer", "--version"], capture_output=True,
                         text=True, cwd=Path.home())
    assert out.returncode == 0 and out.stdout.strip() == f"hiptimer {__version__}"
