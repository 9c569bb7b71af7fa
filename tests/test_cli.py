"""The command line: list, validate, show, --version, as a user runs them."""

from __future__ import annotations

import io
import os
import re
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
    assert "level-1.yaml: ok, level-1, 2 exercises, 3 exercise sides" in text
    assert "level-3.yaml: ok, level-3, 1 exercise, 2 exercise sides" in text


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
    assert "GET READY" in text and "SWITCH SIDES" in text
    assert "Total: 4 min 15 s (255 s)" in text and "3 exercise sides" in text


def test_show_prints_the_players_words():
    """Cycles, breathing and settles print the words the player shows, not internal names."""
    _, text = run("show", "program-2-joint-mobilization")
    assert "DRIVE" in text and "RELAX" in text and "rep hold" not in text
    _, text = run("show", "breathing-kickstand-and-hinge")
    assert "INHALE 4 s / EXHALE 6 s" in text and "paced rep" not in text
    settles = [line for line in text.splitlines() if " SETTLE " in line]
    assert settles and all("Kickstand" in line for line in settles)
    assert all(_seconds(line.split()[1]) - _seconds(line.split()[0]) == 5 for line in settles)
    assert len(settles) == 4  # two sides x two sets by default


def test_show_uses_an_exercises_own_switch_time():
    """A band exercise's switch time shows in the timeline instead of the routine's."""
    _, text = run("show", "program-2-joint-mobilization")
    switches = {}
    for line in text.splitlines():
        if "SWITCH SIDES" in line:
            start, end = line.split()[:2]
            seconds = _seconds(end) - _seconds(start)
            switches[line.split("SWITCH SIDES")[1].split(None, 1)[1].strip()] = seconds
    assert switches["Band distraction, sideways pull"] == 15
    assert switches["Band distraction, leg straight"] == 10
    assert switches["Heel drive into the wall"] == 8


def _seconds(mmss: str) -> int:
    m, s = mmss.split(":")
    return int(m) * 60 + int(s)


def _save_doses(doses: dict) -> None:
    from hiptimer.paths import user_paths
    from hiptimer.storage.settings import Settings, save_settings

    save_settings(Settings(doses=doses), user_paths().settings_file)


def test_show_uses_saved_doses_and_says_so():
    """The doses the user saved in the window are the ones show prints, and it says so."""
    _save_doses({"level-1": {"ir-hang": {"hold": 120}}})
    code, text = run("show", "level-1")
    assert code == 0
    assert "using your saved doses" in text
    assert "Total: 4 min 45 s (285 s)" in text


def test_show_defaults_ignores_saved_doses():
    """--defaults prints the routine's own doses even when the user saved others."""
    _save_doses({"level-1": {"ir-hang": {"hold": 120}}})
    code, text = run("show", "level-1", "--defaults")
    assert code == 0
    assert "using your saved doses" not in text and "defaults" in text
    assert "Total: 4 min 15 s (255 s)" in text


def test_show_without_saved_doses_says_defaults():
    code, text = run("show", "level-1")
    assert code == 0
    assert "you have saved none" in text and "using your saved doses" not in text


def test_show_credits_the_site_not_a_first_name():
    """Credits name an author in full or the site: no "REVIVE ... clinician", no bare "Mark"."""
    _, text = run("show", "level-1")
    source = next(line for line in text.splitlines() if line.startswith("Source:"))
    assert source.endswith(", REVIVE Sport & Spine") and "clinician" not in source
    _, text = run("show", "program-3-movement-and-strength")
    source = next(line for line in text.splitlines() if line.startswith("Source:"))
    assert "Mark" not in source and source.endswith(", a posture blog")


def test_list_names_each_broken_file_once(private_home):
    """`hiptimer list` in a terminal: a broken routine file is reported once, not again as a log line."""
    folder = private_home / "data" / "routines"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    env = {**os.environ, "HIPTIMER_HOME": str(private_home)}
    out = subprocess.run([sys.executable, "-m", "hiptimer", "list"], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert out.returncode == 0
    said = out.stdout + out.stderr
    assert said.count("broken.yaml") == 1, said
    assert f"{folder / 'broken.yaml'}:3:1: not valid YAML" in out.stdout
    assert out.stderr == ""


def _session_with_a_skipped_side() -> None:
    """A session played by the engine into the user's history file: the left side skipped."""
    from hiptimer.core.engine import Engine, State
    from hiptimer.core.model import SidesMode
    from hiptimer.core.plan import compile_plan
    from hiptimer.core.record import SessionRecorder
    from hiptimer.paths import user_paths
    from hiptimer.storage.store import HistoryStore
    from tests.factories import hold, routine
    from tests.fakes import FakeClock

    plan = compile_plan(routine(hold("a", 8, sides=SidesMode.BOTH, get_ready=3), hold("b", 5, get_ready=3),
                                rid="sides"))
    store = HistoryStore.open(user_paths().ensure().database).store
    clock = FakeClock()
    engine = Engine(plan, clock)
    recorder = SessionRecorder(plan, store, clock)
    recorder.begin()
    events = engine.start()
    clock.advance(4)
    events += engine.tick()
    events += engine.skip()  # the left side's hold
    while engine.state is not State.FINISHED:
        clock.advance(1)
        events += engine.tick()
    for event in events:
        recorder.handle(event)
    store.close()


def test_history_text_says_completed_with_a_skipped_side():
    """`hiptimer history --format text` reads "Completed, 1 side skipped"; the export keeps the status."""
    _session_with_a_skipped_side()
    code, text = run("history", "--format", "text")
    assert code == 0
    header, line = text.splitlines()
    assert header.split() == ["STARTED", "ROUTINE", "SIDES", "OUTCOME"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d  Routine sides +2/3  Completed, 1 side skipped", line)
    _, exported = run("history", "--format", "json")
    assert '"status": "completed"' in exported and '"status": "skipped"' in exported


def test_history_text_with_no_sessions():
    assert run("history", "--format", "text") == (0, "No sessions yet.\n")


def test_show_unknown_routine_exits_1_and_says_so_on_stderr(capsys):
    code, text = run("show", "no-such-routine")
    assert code == 1 and text == ""
    assert "no routine called 'no-such-routine'. Known: level-1" in capsys.readouterr().err


def test_version_from_the_entry_point():
    out = subprocess.run([sys.executable, "-m", "hiptimer", "--version"], capture_output=True,
                         text=True, cwd=Path.home())
    assert out.returncode == 0 and out.stdout.strip() == f"hiptimer {__version__}"


def test_list_times_each_routine_with_the_saved_doses():
    """The same length the window lists: the doses saved there count."""
    _save_doses({"level-1": {"ir-hang": {"hold": 120}}})
    code, text = run("list")
    assert code == 0
    (row,) = [line for line in text.splitlines() if line.startswith("level-1")]
    assert "4 min 45 s" in row


def test_escape_codes_in_a_routine_never_reach_the_terminal(private_home):
    """A title may hold "\\u001b[31m" as a YAML escape; list and show print it harmlessly."""
    folder = private_home / "data" / "routines"
    folder.mkdir(parents=True)
    source = (routines_dir() / "level-1.yaml").read_text(encoding="utf-8")
    hostile = (source.replace("id: level-1", "id: loud", 1).replace("\nlevel: 1\n", "\n", 1)
               .replace('title: "Level 1: Hang and pull"', 'title: "Esc\\u001b[31m red \\u0007bell"', 1))
    (folder / "loud.yaml").write_text(hostile, encoding="utf-8")
    for args in (("list",), ("show", "loud"), ("validate", str(folder / "loud.yaml"))):
        code, text = run(*args)
        assert code == 0, text
        assert "\x1b" not in text and "\x07" not in text
    assert "Esc\ufffd[31m red \ufffdbell" in run("list")[1]


def test_a_report_asked_to_run_into_the_future_ends_today(private_home, tmp_path):
    env = {**os.environ, "HIPTIMER_HOME": str(private_home), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "hiptimer", "report", "--since", "1900-01-01",
                          "--until", "9999-12-31", "--output", str(tmp_path / "r.pdf")],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "the report ends today" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "r.pdf").stat().st_size > 0
