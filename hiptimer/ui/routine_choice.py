"""The picker's state: which routine is shown, with the user's doses, and the list.

It fills the picker from the catalog (each routine timed with the user's
doses), shows the chosen routine's exercises, and saves a changed dose or
the manual-rep choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from hiptimer.library.index import entry_for

if TYPE_CHECKING:
    from hiptimer.core.model import DoseChoice, Routine
    from hiptimer.core.plan import Plan
    from hiptimer.ui.context import AppContext
    from hiptimer.ui.picker import PickerPage


class RoutineChoice(QObject):
    def __init__(self, picker: PickerPage, ctx: AppContext, plan_for: Callable[[Routine], Plan],
                 save: Callable[[], None]) -> None:
        super().__init__(picker)
        self._picker, self._ctx, self._plan_for, self._save = picker, ctx, plan_for, save
        picker.routine_selected.connect(self.show)
        picker.page.dose_changed.connect(self._on_dose_changed)
        picker.manual_check.toggled.connect(self.set_manual_reps)

    def load(self) -> None:
        """List the routines read, each timed with the user's doses, and show the chosen one
        (the first frame listed the saved index)."""
        catalog = self._ctx.catalog
        entries = [entry_for(r, self._plan_for(r)) for r in catalog.routines]
        self._picker.set_entries(entries, [str(e) for e in catalog.errors])  # a new list re-selects
        current = self._picker.current_id()
        shown = self._picker.page.routine
        if not current:
            self._picker.select_or_first(self._ctx.settings.last_routine)
        elif shown is None or shown.id != current:
            self.show(current)

    @Slot(str)
    def show(self, routine_id: str) -> None:
        routine = self._ctx.catalog.get(routine_id)
        if routine is not None:
            self._picker.page.show_routine(routine, self._ctx.settings.dose_choices(routine.id))
            self._ctx.settings.last_routine = routine.id  # the next start opens on it (saved at quit)

    @Slot(str, str, object)
    def _on_dose_changed(self, routine_id: str, exercise_id: str, choice: DoseChoice) -> None:
        self._ctx.settings.set_dose(routine_id, exercise_id, hold=choice.hold, reps=choice.reps,
                                    sets=choice.sets)
        self._save()
        routine = self._ctx.catalog.get(routine_id)
        if routine is not None:
            self._picker.set_duration(entry_for(routine, self._plan_for(routine)))

    @Slot(bool)
    def set_manual_reps(self, on: bool) -> None:
        """Manual-rep mode, from the picker's box or the player's key; both show it."""
        settings = self._ctx.settings
        if settings.manual_reps != on:
            settings.manual_reps = on
            self._save()
        if self._picker.manual_check.isChecked() != on:
            self._picker.manual_check.setChecked(on)
