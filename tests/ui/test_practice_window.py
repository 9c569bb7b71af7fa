"""A new user's practice through the whole window: plan, Today card, a session, pain, History, report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from hiptimer.core.plan import compile_plan
from hiptimer.core.practice import Pain
from hiptimer.desktop import reminders
from hiptimer.storage import plans as stored
from tests.desktop.test_reminders import FakeSystemctl

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"


@pytest.fixture(autouse=True)
def private_xdg(tmp_path, monkeypatch):
    """Reminder files go to this test's folder; systemctl is a fake that records calls."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    fake = FakeSystemctl()
    monkeypatch.setattr(reminders, "run_systemctl", fake)
    return fake


def in_next_dialog(kind: type, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog of ``kind``, whenever it opens."""

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind):
            act(w)
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_a_new_users_first_planned_session(make_window, qtbot, private_xdg):
    """Make a plan (every day, reminders on), start today's routine from the card, answer the pain
    question, see the card done and the plan's figures in History."""
    from hiptimer.ui.plan_dialog import PlanDialog

    h = make_window()
    w = h.window
    card = w.today_card
    assert card.isVisible() and card.headline.text().startswith("No plan yet")

    def fill(dialog: PlanDialog) -> None:
        for box in dialog.days:
            box.setChecked(True)
        dialog.remind.setChecked(True)
        dialog._on_save()

    in_next_dialog(PlanDialog, fill)
    qtbot.mouseClick(card.plan_button, Qt.MouseButton.LeftButton)
    plan = stored.plan_history(h.store).current
    assert plan is not None and len(plan.weekdays) == 7
    assert reminders.status().mode == "systemd"  # the fake manager answers
    assert card.headline.text().startswith("Today: Level 1: Hang and pull")

    qtbot.mouseClick(card.start_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.player
    seconds = compile_plan(w.ctx.catalog.get("level-1")).total_seconds
    h.advance(qtbot, seconds + 1, step=1.0)
    assert w.stack.currentWidget() is w.summary

    qtbot.mouseClick(w.summary.pain_buttons[1], Qt.MouseButton.LeftButton)  # mild, went away
    (session,) = h.store.sessions()
    assert stored.pain_for(h.store, [session.id]) == {session.id: Pain.MILD}
    qtbot.mouseClick(w.summary.pain_buttons[0], Qt.MouseButton.LeftButton)  # changed to "No"
    assert stored.pain_for(h.store, [session.id]) == {session.id: Pain.NONE}

    qtbot.mouseClick(w.summary.done_button, Qt.MouseButton.LeftButton)
    assert card.headline.text().startswith("Done for today")
    assert "Streak: 1 planned session in a row" in card.details.text()

    w.menus.history.trigger()
    dashboard = w.history_view.dashboard
    assert dashboard.plan_week.isVisible()
    assert dashboard.plan_week.value_label.text() == "100%"
    assert dashboard.plan_streak.value_label.text() == "1 session"
    w.history_view.table.selectRow(0)
    assert w.history_view.detail.rating.text().endswith("Did anything hurt? No")
    ARTEFACTS.mkdir(exist_ok=True)
    w.menus.routines.trigger()
    w.grab().save(str(ARTEFACTS / "picker-today-card.png"))


def test_report_from_the_file_menu(make_window, qtbot, tmp_path):
    """File > Report opens the dialog; its Save writes a PDF of the chosen period."""
    from hiptimer.ui.report import ReportDialog

    h = make_window()
    target = tmp_path / "report.pdf"
    saved = []

    def save(dialog: ReportDialog) -> None:
        saved.append(dialog.save_to(target))
        dialog.reject()

    in_next_dialog(ReportDialog, save)
    h.window.menus.report.trigger()
    assert saved == [True]
    assert target.read_bytes().startswith(b"%PDF")


def test_declining_on_the_card_is_recorded(make_window, qtbot):
    """A suggestion answered on the card is stored as a decision and leaves the card."""
    from datetime import timedelta

    from hiptimer.core.practice import PathKind, Plan

    h = make_window()
    now = h.clock.now()  # the window's clock says what today is
    today = h.store.local_date(now)
    stored.save_plan(h.store, Plan.for_path(PathKind.LEVELS, range(7), today - timedelta(days=1)), now)
    from hiptimer.core.record import PartWrite, SessionWrite

    at = now - timedelta(hours=1)
    sid = h.store.start_session(SessionWrite("level-1", "Level 1", at, 1))
    h.store.record_part(sid, PartWrite(0, "ir-hang", at))
    stored.set_pain(h.store, sid, Pain.SHARP, at)
    h.window.practice.refresh()
    card = h.window.today_card
    assert card.accept_button.isVisible() and "physical therapist" in card.suggestion.text()
    qtbot.mouseClick(card.decline_button, Qt.MouseButton.LeftButton)
    (decision,) = stored.decisions(h.store)
    assert decision.answer.value == "declined"
    assert not card.accept_button.isVisible()
    assert "physical therapist" in card.advice.text()


def test_the_today_card_is_read_again_when_the_window_comes_back(make_window, qtbot):
    """A plan made in a terminal (`hiptimer plan`) shows on the card as soon as the window is active again."""
    from datetime import timedelta

    from hiptimer.core.practice import PathKind, Plan

    h = make_window()
    card = h.window.today_card
    assert card.headline.text().startswith("No plan yet")
    now = h.clock.now()
    since = h.store.local_date(now) - timedelta(days=1)
    stored.save_plan(h.store, Plan.for_path(PathKind.LEVELS, range(7), since), now)
    assert card.headline.text().startswith("No plan yet")  # nothing read it yet
    # The user goes to another window (a terminal), then comes back.
    from PySide6.QtWidgets import QWidget

    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    assert card.headline.text().startswith("No plan yet")  # not while another window has focus
    h.window.activateWindow()
    qtbot.waitUntil(lambda: not card.headline.text().startswith("No plan yet"))
