"""The practice in the window: the Today card, the plan dialog, the report dialog, the pain check-in.

:class:`PracticeController` holds the :class:`~hiptimer.coach.coach.Coach`
over the app's history, catalog and settings, and answers the Today card's,
the menus' and the summary page's Signals; the window only builds it and
connects them. History errors become words on the card or a warning, never
a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QWidget

from hiptimer.coach.coach import Coach
from hiptimer.coach.report_data import ReportData, gather
from hiptimer.core.practice import Pain
from hiptimer.core.progression import Answer, Suggestion
from hiptimer.core.today import Today
from hiptimer.storage.errors import HistoryError
from hiptimer.ui.context import AppContext
from hiptimer.ui.today import TodayCard

log = logging.getLogger(__name__)


class PracticeController(QObject):
    """Reads and writes the practice for the window. ``start`` starts a routine by id;
    ``session_handle`` gives the history handle of the session on the summary page."""

    def __init__(self, window: QWidget, ctx: AppContext, card: TodayCard, *,
                 start: Callable[[str], object], session_handle: Callable[[], int | None]) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.card = card
        self._start = start
        self._session_handle = session_handle
        # The app's clock decides what "today" is, as it stamps the sessions.
        self._clock = ctx.clock_factory()
        self.coach = Coach(ctx.history.store, ctx.catalog, doses=ctx.settings.dose_choices,
                           set_hold=self._set_hold, now=self._clock.now)
        self.last_error = ""
        card.start_requested.connect(self._on_start_requested)
        card.answered.connect(self._on_answered)
        card.edit_plan_requested.connect(self.edit_plan)

    def _set_hold(self, routine_id: str, exercise_id: str, hold: int) -> None:
        self.ctx.settings.set_dose(routine_id, exercise_id, hold=hold)
        self.ctx.save_settings(self.ctx.settings)

    # -- reads -------------------------------------------------------------------

    def day(self) -> date:
        return self.ctx.history.store.local_date(self._clock.now())

    def today(self, day: date | None = None) -> Today | None:
        """Today as the card shows it, or None (and ``last_error``) when the history refuses."""
        try:
            result = self.coach.today(day or self.day())
        except HistoryError as exc:
            log.error("today's plan could not be read: %s", exc.message)
            self.last_error = exc.message
            return None
        self.last_error = ""
        return result

    @Slot()
    def refresh(self) -> None:
        """Read today again and show it on the card."""
        t = self.today()
        self.card.show_today(t, self.coach.titles(), self.coach.durations(t.plan) if t else None)

    def show_on(self, dashboard: QWidget) -> None:
        """This week's adherence and the plan streak on the History page's dashboard."""
        t = self.today()
        if t is None or t.plan is None:
            dashboard.show_practice(None, None)  # type: ignore[attr-defined]
        else:
            dashboard.show_practice(t.week, t.streak)  # type: ignore[attr-defined]

    # -- the card ----------------------------------------------------------------

    @Slot(str)
    def _on_start_requested(self, routine_id: str) -> None:
        self._start(routine_id)

    @Slot(object, object)
    def _on_answered(self, suggestion: Suggestion, answer: Answer) -> None:
        try:
            self.coach.answer(suggestion, answer, self.day())
        except HistoryError as exc:
            self._warn(f"Your answer could not be saved. {exc.message}")
        self.refresh()

    # -- the plan ----------------------------------------------------------------

    @Slot()
    def edit_plan(self) -> None:
        from hiptimer.desktop import reminders
        from hiptimer.ui.plan_dialog import PlanDialog

        try:
            current = self.coach.plans().current
        except HistoryError as exc:
            self._warn(f"The plan could not be read. {exc.message}")
            return
        was_on = bool(reminders.status().mode)
        routines = [(r.id, r.title) for r in self.ctx.catalog.routines]
        dialog = PlanDialog(routines, current, self.day(), reminders_on=was_on,
                            parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        plan = dialog.plan()
        try:
            self.coach.save_plan(plan)
        except HistoryError as exc:
            self._warn(f"The plan could not be saved. {exc.message}")
            return
        try:
            if dialog.remind.isChecked():
                reminders.enable(plan)
            elif was_on:
                reminders.disable()
        except OSError as exc:
            self._warn(f"The plan is saved, but the reminders could not be set: {exc}")
        self.refresh()

    # -- the report --------------------------------------------------------------

    def gather(self, first: date, last: date) -> ReportData:
        try:
            return gather(self.ctx.history.store, self.ctx.catalog, first, last, now=self._clock.now(),
                          today=self.day())
        except HistoryError as exc:
            raise OSError(exc.message) from exc

    @Slot()
    def show_report(self) -> None:
        from hiptimer.ui.report import ReportDialog

        try:
            first = self.coach.plans().first_day
        except HistoryError:
            first = None
        ReportDialog(self.gather, self.day(), first, parent=self.window).exec()

    # -- the pain check-in -------------------------------------------------------

    @Slot(object)
    def record_pain(self, pain: Pain | None) -> bool:
        """Save the summary page's "Did anything hurt?" for the session it shows.

        It goes through the history writer like the session's other writes: a
        database that refuses it now (locked, read-only) gets it when the
        writer's retry lands it. False when no session is shown or while the
        answer waits; True once it is written (or refused for good: see the
        writer's ``last_error``).
        """
        handle = self._session_handle()
        if handle is None:
            return False
        return self.ctx.history.set_pain(handle, pain, self._clock.now())

    def _warn(self, text: str) -> None:
        from hiptimer.ui.dialogs import warn

        warn(self.window, text)
