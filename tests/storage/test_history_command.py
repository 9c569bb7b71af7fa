"""``hiptimer history``: export and import from the command line, as a user runs them."""

from __future__ import annotations

import io
import json

from hiptimer.cli import main


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out)
    return code, out.getvalue()


def _export(tmp_path, sessions: list[dict]) -> str:
    path = tmp_path / "export.json"
    doc = {"format": "hiptimer-history", "version": 1, "sessions": sessions}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


SESSION = {
    "uid": "s1", "routine_id": "level-1", "started_at": "2024-05-01T09:00:00+00:00",
    "status": "completed", "planned_parts": 1, "active_seconds": 60, "time_scale": 40,
}  # fmt: skip


def test_import_reports_in_words(tmp_path):
    """--import says what it added and what was already there, as a sentence."""
    path = _export(tmp_path, [SESSION])
    assert run("history", "--import", path) == (0, "1 session added.\n")
    assert run("history", "--import", path) == (0, "Nothing new: 1 session already there.\n")


def test_export_shows_the_time_scale(tmp_path):
    """The JSON and CSV exports carry each session's time_scale."""
    run("history", "--import", _export(tmp_path, [SESSION]))
    code, text = run("history", "--format", "json")
    assert code == 0 and json.loads(text)["sessions"][0]["time_scale"] == 40
    code, text = run("history", "--format", "csv")
    header, row = text.splitlines()[:2]
    assert dict(zip(header.split(","), row.split(","), strict=True))["time_scale"] == "40.0"


def test_a_bad_file_is_a_message_not_a_traceback(tmp_path, capsys):
    """A file that is not an export exits 1 naming the file and the problem."""
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run("history", "--import", str(bad)) == (1, "")
    assert f"{bad}: not a hiptimer history export" in capsys.readouterr().err
