"""Problem 7: routine and settings files can neither block, nor exhaust memory, nor stop the app."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import time
from pathlib import Path

import pytest

from hiptimer import cli
from hiptimer.library.errors import RoutineFileError
from hiptimer.library.fields import MAX_EXERCISES, MAX_LIST, MAX_PHASES
from hiptimer.library.loader import load_routine, parse_routine
from hiptimer.library.reading import MAX_FILE_BYTES
from hiptimer.paths import routines_dir
from hiptimer.storage.settings import load_settings
from tests.faults.routine_files import HOLD_DOSE, routine_text
from tests.test_end_to_end import app_env, hiptimer_exe


def _limited() -> None:
    """In the child: at most 1 GB of memory, so reading a device fails instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([hiptimer_exe(), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limited)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    e = app_env(tmp_path, HIPTIMER_AUDIO_DISABLE="simpleaudio,command")
    (Path(e["HIPTIMER_HOME"]) / "data" / "routines").mkdir(parents=True)
    return e


def _mine(env: dict[str, str]) -> Path:
    return Path(env["HIPTIMER_HOME"]) / "data" / "routines"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "link to /dev/urandom", "folder"])
def test_list_skips_what_is_not_a_regular_file(env, kind):
    """`hiptimer list` with a FIFO, a device link or a folder named *.yaml: listed as a problem at once."""
    thing = _mine(env) / "thing.yaml"
    if kind == "fifo":
        os.mkfifo(thing)
    elif kind == "folder":
        thing.mkdir()
    else:
        thing.symlink_to(kind.removeprefix("link to "))
    started = time.monotonic()
    proc = _run(env, "list", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 20
    assert "thing.yaml" in proc.stdout and "level-1" in proc.stdout


@pytest.mark.slow
def test_the_window_starts_beside_a_fifo_in_the_routines_folder(env, tmp_path):
    """A FIFO among the user's routines does not stop a session from being played."""
    os.mkfifo(_mine(env) / "pipe.yaml")
    proc = _run(env, "--routine", "level-1", "--start", "--time-scale", "200", "--quit-when-done",
                timeout=120)
    assert proc.returncode == 0, proc.stderr


def _refused(text: str, match: str, budget: float = 2.0) -> None:
    started = time.monotonic()
    with pytest.raises(RoutineFileError, match=match):
        parse_routine(text, "big.yaml")
    assert time.monotonic() - started < budget


def test_ten_thousand_exercises_are_refused_quickly(tmp_path):
    """10,000 exercises (aliases of one, 60 KB): a located error naming the exercises limit, fast."""
    text = routine_text(exercises=1, steps=1, chars=10).replace("  - id: ex-0", "  - &ex\n    id: ex-0")
    text += "  - *ex\n" * 9_999
    path = tmp_path / "many.yaml"
    path.write_text(text)
    started = time.monotonic()
    with pytest.raises(RoutineFileError, match=r"many\.yaml:\d+:\d+: exercises: .*exercises limit"):
        load_routine(path)
    assert time.monotonic() - started < 2.0


def test_five_thousand_long_steps_are_refused_quickly():
    """5,000 steps of 2,000 characters: refused by the list limit, in bounded time."""
    _refused(routine_text(exercises=1, steps=5_000, chars=2_000), r"exercises\[0\]\.steps.*list limit")


def test_a_routine_that_would_run_to_too_many_steps_is_refused():
    """Doses that would compile to more than the phases limit are refused, not compiled."""
    many = "{type: reps, reps: {default: 10, min: 1, max: 200}, hold: 5, sets: {default: 1, min: 1, max: 20}}"
    text = routine_text(exercises=MAX_EXERCISES, steps=1, chars=10).replace(
        HOLD_DOSE, many.replace("}}", "}, rest: 10}"))
    _refused(text, f"at most {MAX_PHASES} timed steps")


def test_the_largest_routine_allowed_loads():
    """A routine at every limit at once (60 exercises, 20 steps of 2,000 characters) loads."""
    routine = parse_routine(routine_text(), "big.yaml")
    assert len(routine.exercises) == MAX_EXERCISES
    assert {len(ex.steps) for ex in routine.exercises} == {MAX_LIST}


def test_a_file_over_the_file_limit_is_refused_by_its_size(tmp_path):
    """A routine file larger than the file limit is not read."""
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(RoutineFileError, match="the file limit"):
        load_routine(big)


@pytest.mark.parametrize("name", ["x.yaml", "x.yml"])
def test_validate_on_a_folder_named_like_a_routine_fails(tmp_path, name):
    """`validate x.yaml` on a folder says it is a folder and exits 1."""
    folder = tmp_path / name
    folder.mkdir()
    out = io.StringIO()
    assert cli.main(["validate", str(folder)], out) == 1
    assert "is a folder" in out.getvalue()


def test_validate_on_a_folder_with_no_routines_fails(tmp_path):
    """`validate` on a folder holding no routine files says so and exits 1."""
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == 1
    assert "no routine files" in out.getvalue()


def test_validate_still_passes_the_bundled_folder():
    """The bundled routines folder validates with exit 0."""
    assert cli.main(["validate", str(routines_dir())], io.StringIO()) == 0


def _deep(n: int) -> str:
    return '{"doses": ' + '{"a": ' * n + "1" + "}" * n + "}"


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_a_settings_file_nested_deep_falls_back_to_defaults(tmp_path, depth):
    """A settings file nested thousands deep gives the defaults, not an error."""
    path = tmp_path / "settings.json"
    path.write_text(_deep(depth))
    assert load_settings(path).volume == 80


def test_an_unreadable_settings_file_is_kept_aside(tmp_path):
    """The defaults take over, and the unreadable file is copied aside first, never just replaced."""
    path = tmp_path / "settings.json"
    path.write_text(_deep(5_000))
    assert load_settings(path).volume == 80
    (aside,) = tmp_path.glob("settings.json.bad-*")
    assert aside.read_text() == _deep(5_000)


@pytest.mark.slow
def test_the_app_starts_with_a_settings_file_nested_5000_deep(env):
    """The installed program plays a session with a 5,000-deep settings file."""
    config = Path(env["HIPTIMER_HOME"]) / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(_deep(5_000))
    proc = _run(env, "--routine", "level-1", "--start", "--time-scale", "200", "--quit-when-done",
                timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = _run(env, "history", "--format", "json")
    assert [s["status"] for s in json.loads(out.stdout)["sessions"]] == ["completed"]
