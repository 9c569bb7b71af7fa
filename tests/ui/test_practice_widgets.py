"""The Today card, the plan dialog and the report dialog, clicked through qtbot."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hiptimer.core.practice import LEVEL_STEPS, PathKind, Plan, PlanHistory
from hiptimer.core.progression import Answer, Kind, Outlook, Suggestion
from hiptimer.core.today import build_today
from hiptimer.ui.plan_dialog import PlanDialog
from hiptimer.ui.today import TodayCard

MON = date(2026, 11, 2)
TITLES = {"level-1": "Level 1: Hang and pull", "level-2": "Level 2: Band turn and pigeon"}
SUGGESTION = Suggestion("R7", Kind.NEXT_STEP, "level-1", "Try Level 2 next.", "", "level-1", "level-2")


def today(day: date = MON, done=(), outlook: Outlook | None = None):
    plans = PlanHistory((Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset({0, 2, 4}), MON - timedelta(days=7)),))
    return build_today(plans, set(done), day, last=None, last_in_turn=None, last_measured=None, outlook=outlook)


def test_card_offers_todays_routine(qtbot):
    """On a planned day the card names the routine and Start emits its id."""
    card = TodayCard()
    qtbot.addWidget(card)
    card.show_today(today(), TITLES, {"level-1": 290})
    assert card.headline.text().startswith("Today: Level 1: Hang and pull (5 minutes).")
    assert card.start_button.text() == "Start Level 1"
    with qtbot.waitSignal(card.start_requested) as signal:
        qtbot.mouseClick(card.start_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["level-1"]


def test_card_hides_start_once_done(qtbot):
    """Done for today: no Start button, a word of praise."""
    card = TodayCard()
    qtbot.addWidget(card)
    card.show()
    card.show_today(today(done={MON}), TITLES)
    assert not card.start_button.isVisible()
    assert card.headline.text().startswith("Done for today")


def test_card_answers_a_suggestion(qtbot):
    """Accept and Not now emit the suggestion with the answer."""
    card = TodayCard()
    qtbot.addWidget(card)
    card.show()
    card.show_today(today(outlook=Outlook(SUGGESTION)), TITLES)
    assert card.suggestion.isVisible() and "ours, not automatic" in card.suggestion.text()
    with qtbot.waitSignal(card.answered) as signal:
        qtbot.mouseClick(card.decline_button, Qt.MouseButton.LeftButton)
    assert signal.args == [SUGGESTION, Answer.DECLINED]
    card.show_today(today(), TITLES)
    assert not card.accept_button.isVisible()


def test_card_without_a_plan_asks_for_one(qtbot):
    """No plan: the card says so and offers to make one."""
    card = TodayCard()
    qtbot.addWidget(card)
    card.show_today(build_today(PlanHistory(), set(), MON, last=None, last_in_turn=None, last_measured=None),
                    TITLES)
    assert card.headline.text().startswith("No plan yet")
    assert card.plan_button.text() == "Make a plan\u2026"


ROUTINES = [("level-1", "Level 1"), ("level-2", "Level 2"), ("program-1-release-and-stretch", "Program 1")]


def test_plan_dialog_defaults_to_three_days(qtbot):
    """A first plan: Levels 1-3 on Mon, Wed, Fri at 18:00, from today."""
    dialog = PlanDialog(ROUTINES, None, MON)
    qtbot.addWidget(dialog)
    plan = dialog.plan()
    assert plan.path is PathKind.LEVELS and plan.weekdays == frozenset({0, 2, 4})
    assert plan.effective_from == MON and plan.step == 0 and plan.at.hour == 18


def test_plan_dialog_custom_needs_a_routine(qtbot):
    """Your own path with nothing ticked cannot be saved; ticking one can."""
    dialog = PlanDialog(ROUTINES, None, MON)
    qtbot.addWidget(dialog)
    dialog.path.setCurrentIndex(list(PathKind).index(PathKind.CUSTOM))
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and "at least one routine" in dialog.problem.text()
    dialog.routines.item(2).setCheckState(Qt.CheckState.Checked)
    assert save.isEnabled()
    assert dialog.plan().routines == ("program-1-release-and-stretch",)


def test_plan_dialog_needs_a_day(qtbot):
    """Unticking every day disables Save."""
    dialog = PlanDialog(ROUTINES, None, MON)
    qtbot.addWidget(dialog)
    for box in dialog.days:
        box.setChecked(False)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_plan_dialog_keeps_the_step_of_the_same_path(qtbot):
    """Changing only the days keeps Level 2 and when it began."""
    current = Plan(PathKind.LEVELS, LEVEL_STEPS, frozenset({0}), MON - timedelta(days=30), step=1,
                   step_since=MON - timedelta(days=10))
    dialog = PlanDialog(ROUTINES, current, MON)
    qtbot.addWidget(dialog)
    dialog.days[3].setChecked(True)
    plan = dialog.plan()
    assert plan.step == 1 and plan.step_since == MON - timedelta(days=10)
    assert plan.weekdays == frozenset({0, 3}) and plan.effective_from == MON


@pytest.fixture
def report_data():
    from datetime import UTC, datetime

    from hiptimer.coach.report_data import ReportData

    def gather(first: date, last: date) -> ReportData:
        if last < first:
            raise ValueError("the period ends before it starts")
        return ReportData(first, last, datetime(2026, 11, 2, tzinfo=UTC), (), (), (), (), (), (), (), {})

    return gather


def test_report_dialog_saves_a_pdf(qtbot, report_data, tmp_path):
    """Save writes the PDF for the chosen period and says where."""
    from hiptimer.ui.report import ReportDialog

    dialog = ReportDialog(report_data, MON)
    qtbot.addWidget(dialog)
    target = tmp_path / "r.pdf"
    assert dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in dialog.status.text()


def test_report_dialog_refuses_a_backwards_period(qtbot, report_data, tmp_path):
    """A period that ends before it starts is reported, nothing written."""
    from PySide6.QtCore import QDate

    from hiptimer.ui.report import ReportDialog

    dialog = ReportDialog(report_data, MON)
    qtbot.addWidget(dialog)
    dialog.since.setDate(QDate(2026, 12, 1))
    assert not dialog.save_to(Path(tmp_path / "x.pdf"))
    assert "before it starts" in dialog.status.text()
    assert not (tmp_path / "x.pdf").exists()


def test_report_dialog_is_wide_enough_for_its_title(qtbot, report_data):
    """The window is wide enough for its whole title in a bold title bar, beside its icon and buttons."""
    from PySide6.QtGui import QFont, QFontMetrics

    from hiptimer.ui.report import ReportDialog

    dialog = ReportDialog(report_data, MON)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bold = QFont(dialog.font())
    bold.setBold(True)
    title = QFontMetrics(bold).horizontalAdvance(dialog.windowTitle())
    assert dialog.windowTitle() == "Report for your physical therapist"
    # Openbox's icon, three buttons and margins take about 110 px of a title bar.
    assert dialog.width() >= title + 150
    assert dialog.height() >= dialog.minimumSizeHint().height()
