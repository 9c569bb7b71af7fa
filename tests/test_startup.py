"""The quick start: the routine index, the first frame, and what it may not load.

The first window a returning user sees comes from a saved index (no YAML,
no history, no audio, no Qt namespace) and the rest is built after the
first paint. These tests pin that down with the real program in a
subprocess, and check that the index never shows a stale list.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hiptimer import __version__
from hiptimer.library.index import CatalogIndex, IndexEntry, index_key, read_index, write_index

ROOT = Path(__file__).resolve().parent.parent


def entry(routine_id: str = "level-1", title: str = "Level 1: Hang and pull") -> IndexEntry:
    return IndexEntry(id=routine_id, title=title, level=1, summary="Summary", duration="4 min 15 s",
                      meta="Level 1 \u00b7 4 min 15 s \u00b7 4 exercises \u00b7 7 exercise sides")


# -- the index file ----------------------------------------------------------------


def test_index_round_trips_under_its_key(tmp_path):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir()
    (bundled / "a.yaml").write_text("id: a\n")
    key = index_key("1.0", bundled, user, {})
    index = CatalogIndex((entry(), entry("level-2", "Level 2 <b>bold</b>")), ("a.yaml: line 3: bad",))
    write_index(tmp_path / "index.json", key, index)
    assert read_index(tmp_path / "index.json", key) == index


@pytest.mark.parametrize("change", ["edit a file", "add a file", "remove a file", "add a user file",
                                    "new version", "other doses"])
def test_any_change_that_could_stale_the_list_voids_the_index(tmp_path, change):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir()
    user.mkdir()
    (bundled / "a.yaml").write_text("id: a\n")
    version, doses = "1.0", {}
    key = index_key(version, bundled, user, doses)
    write_index(tmp_path / "index.json", key, CatalogIndex((entry(),), ()))
    if change == "edit a file":
        (bundled / "a.yaml").write_text("id: a\ntitle: longer now\n")
    elif change == "add a file":
        (bundled / "b.yml").write_text("id: b\n")
    elif change == "remove a file":
        (bundled / "a.yaml").unlink()
    elif change == "add a user file":
        (user / "mine.yaml").write_text("id: mine\n")
    elif change == "new version":
        version = "1.1"
    else:
        doses = {"level-1": {"ir-hang": {"hold": 75}}}
    assert read_index(tmp_path / "index.json", index_key(version, bundled, user, doses)) is None


@pytest.mark.parametrize("content", [b"", b"not json", b"[]", b'{"key": "k"}',
                                     b'{"key": "k", "entries": [{"id": 3}], "problems": []}',
                                     b'{"key": "k", "entries": [{"id": ""}], "problems": []}',
                                     b"\xff\xfe garbage", b"{" * 100_000, b"[" * 100_000,
                                     b'{"key": "k", "entries": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"])
def test_a_damaged_index_is_ignored_not_trusted(tmp_path, content):
    (tmp_path / "index.json").write_bytes(content)
    assert read_index(tmp_path / "index.json", "k") is None


def test_an_oversized_index_is_not_read(tmp_path):
    big = {"key": "k", "entries": [], "problems": ["x" * 2_000_000]}
    (tmp_path / "index.json").write_text(json.dumps(big))
    assert read_index(tmp_path / "index.json", "k") is None


def test_an_unwritable_index_only_costs_time(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with caplog.at_level(logging.INFO):
        write_index(blocker / "index.json", "k", CatalogIndex((entry(),), ()))  # its folder is a file
    assert "not saved" in caplog.text


# -- the window in two steps --------------------------------------------------------


def test_the_first_frame_lists_the_index_and_attach_fills_in_the_routine(qtbot):
    from PySide6.QtCore import Qt

    from hiptimer.library.catalog import load_catalog
    from hiptimer.storage.settings import Settings
    from hiptimer.storage.store import HistoryStore
    from hiptimer.storage.writer import HistoryWriter
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.main_window import MainWindow
    from hiptimer.ui.picker import FOREGROUND_ROLE
    from tests.fakes import FakeClock

    assert Qt.ItemDataRole.ForegroundRole.value == FOREGROUND_ROLE
    settings = Settings(disclaimer_seen=True, last_routine="level-2")
    window = MainWindow(settings, lambda s: None)
    qtbot.addWidget(window)
    catalog = load_catalog()
    clock = FakeClock()
    store = HistoryStore.open(":memory:").store
    ctx = AppContext(settings=settings, save_settings=lambda s: None, catalog=catalog,
                     history=HistoryWriter(store), audio=None, clock_factory=lambda: clock)
    # What attach() will list, as the last run saved it; a hostile title stays text.
    real = MainWindow.build(ctx)
    qtbot.addWidget(real)
    index = real.routine_index()
    hostile = index.entries[1]._replace(title="<b>Level 2</b> &lt;x&gt;")
    index = CatalogIndex((index.entries[0], hostile, *index.entries[2:]), index.problems)
    window.preview(index)
    window.show()
    qtbot.waitExposed(window)
    assert not window.attached and window.runner is None
    assert window.picker.current_id() == "level-2"
    assert window.picker.page.title.text() == "<b>Level 2</b> &lt;x&gt;"
    assert window.picker.page.title.textFormat() == Qt.TextFormat.PlainText
    assert window.picker.page.meta.text() == hostile.meta and window.picker.page.rows == []
    heading = window.picker.list.item(0)
    assert heading.text() == "LEVELS" and heading.flags() != Qt.ItemFlag.NoItemFlags  # locked by attach

    window.attach(ctx)  # the list is made again: the real title differs from the saved one
    assert window.attached and window.picker.list.item(0).flags() == Qt.ItemFlag.NoItemFlags
    assert window.picker.current_id() == "level-2"
    assert window.picker.page.routine is not None and window.picker.page.routine.id == "level-2"
    assert window.picker.page.title.text() == catalog.get("level-2").title  # the real title now
    assert len(window.picker.page.rows) == len(catalog.get("level-2").exercises)
    assert window.menus.history.shortcut().toString() == "Ctrl+H"
    assert window.picker.page.start_button.shortcut().toString() == "Ctrl+Return"
    assert window.start_routine("level-2") and window.runner is not None
    window.session.end_early()


# -- the real program ----------------------------------------------------------------


def app_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIPTIMER_", "XDG_RUNTIME"))}
    env.update({"HIPTIMER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
                "HIPTIMER_AUDIO_DISABLE": "simpleaudio,command"})
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_seen": True}))
    return env


def run_session(env: dict[str, str], routine: str) -> None:
    out = subprocess.run([sys.executable, "-m", "hiptimer", "--routine", routine, "--start",
                          "--quit-when-done", "--time-scale", "1000"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def sessions(env: dict[str, str]) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "hiptimer", "history", "--format", "json"], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["sessions"]


FIRST_FRAME_PROBE = textwrap.dedent("""
    import json, os, sys
    import PySide6.QtCore as QtCore
    from hiptimer.ui.main_window import MainWindow

    def show(self):
        found = {
            "attached": self.attached,
            "qt_namespace": "Qt" in QtCore.__dict__,
            "loaded": sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "sqlite3")
                             or m.startswith(("hiptimer.storage.store", "hiptimer.audio",
                                              "hiptimer.core.engine", "hiptimer.library.loader",
                                              "hiptimer.ui.player", "PySide6.QtNetwork",
                                              "PySide6.QtSvg", "logging.handlers"))),
            "rows": [self.picker.list.item(i).text() for i in range(self.picker.list.count())],
            "current": self.picker.current_id(),
            "title": self.picker.page.title.text(),
            "card_room": self.picker.card_room(),
        }
        print(json.dumps(found), flush=True)
        os._exit(0)

    MainWindow.show = show
    from hiptimer.app import main
    main(sys.argv[1:])
""")


def first_frame(env: dict[str, str], *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME_PROBE, *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_returning_user_sees_the_list_before_anything_heavy_loads(tmp_path):
    env = app_env(tmp_path / "home")
    cold = first_frame(env)  # no index yet: the files are read before the window shows
    assert cold["attached"] and "yaml" in cold["loaded"] and cold["card_room"] == 0
    run_session(env, "level-1")  # writes the index (and makes level-1 the last routine)
    warm = first_frame(env)
    # The Today card comes after the first frame; its room, as tall as at the last quit, is kept.
    assert warm.pop("card_room") > 20
    assert warm == {"attached": False, "qt_namespace": False, "loaded": [], "rows": cold["rows"],
                    "current": "level-1", "title": cold["title"]}
    assert warm["rows"][0] == "LEVELS" and warm["rows"][1].startswith("Level 1")


@pytest.mark.slow
def test_sessions_run_from_the_index_and_a_new_routine_file_is_seen_at_once(tmp_path):
    env = app_env(tmp_path / "home")
    run_session(env, "level-1")
    run_session(env, "level-2")  # this start showed the list from the index
    assert [s["routine_id"] for s in sessions(env)] == ["level-1", "level-2"]
    # A routine file added between runs: the index no longer matches, so it is listed and found.
    level_1 = (ROOT / "routines" / "level-1.yaml").read_text(encoding="utf-8")
    mine = (level_1.replace("id: level-1", "id: my-copy", 1).replace("\nlevel: 1\n", "\n", 1)
            .replace('title: "Level 1: Hang and pull"', 'title: "My own copy"', 1))
    (tmp_path / "home" / "data" / "routines").mkdir(parents=True, exist_ok=True)
    (tmp_path / "home" / "data" / "routines" / "my-copy.yaml").write_text(mine, encoding="utf-8")
    frame = first_frame(env)
    assert frame["attached"] and "MORE PROGRAMS" in frame["rows"]
    assert any(row.startswith("My own copy") for row in frame["rows"])
    run_session(env, "my-copy")
    assert sessions(env)[-1]["routine_id"] == "my-copy"
    key = index_key(__version__, ROOT / "routines", tmp_path / "home" / "data" / "routines", {})
    saved = read_index(tmp_path / "home" / "cache" / "routine-index.json", key)
    assert saved is not None and "my-copy" in [e.id for e in saved.entries]


def test_the_log_is_moved_aside_when_full(tmp_path):
    from hiptimer.app import RotatingLog

    handler = RotatingLog(tmp_path / "hiptimer.log", max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("rotation-test")
    logger.addHandler(handler)
    for i in range(40):
        logger.warning("line %02d %s", i, "x" * 20)
    handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["hiptimer.log", "hiptimer.log.1", "hiptimer.log.2"]
    assert all(p.stat().st_size < 200 + 40 for p in tmp_path.iterdir())
    assert "line 39" in (tmp_path / "hiptimer.log").read_text()


@pytest.mark.parametrize("argv", [
    [], ["--routine", "level-1"], ["--routine=2", "--start"], ["--start", "--routine", "level-3"],
    ["--time-scale", "20", "--quit-when-done"], ["--time-scale=0.5"], ["--fullscreen", "--theme", "dark"],
    ["--theme=light"], ["--routine", "a", "--routine", "b"], ["--routine", "level-1", "--start",
                                                              "--time-scale", "1000", "--fullscreen",
                                                              "--theme", "system", "--quit-when-done"],
])
def test_the_quick_reading_of_the_windows_options_agrees_with_argparse(argv):
    from hiptimer.app import build_parser, parse_args

    assert parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [
    ["--time-scale", "nan"], ["--time-scale"], ["--theme", "pink"], ["--routine"], ["--rout", "x"],
    ["--start=yes"], ["--bogus"], ["--routine", "-1"], ["--help"], ["--version"],
])
def test_anything_unusual_goes_to_argparse_and_its_messages(argv, capsys):
    from hiptimer.app import build_parser, parse_args

    outcomes = []
    for read in (parse_args, build_parser().parse_args):
        try:
            outcomes.append(("parsed", read(argv)))
        except SystemExit as exc:
            outcomes.append(("exit", exc.code, capsys.readouterr()))
    assert outcomes[0] == outcomes[1]
