"""Quitting with history writes that have not reached the database: ask first, say where they are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from hiptimer.storage.service import HistoryService


def unsaved_text(history: HistoryService) -> str:
    """What the question says: how many, why, and where they wait (or that they would be lost)."""
    n = history.pending
    writes = "1 history write" if n == 1 else f"{n} history writes"
    reason = history.last_error or "The history file refused them."
    if history.kept and history.journal_path is not None:
        return (f"{writes} could not be saved yet. {reason}\n\n"
                f"They are kept in {history.journal_path} and will be written the next time "
                "hiptimer starts, so quitting now loses nothing.")
    return (f"{writes} could not be saved yet, and could not be kept on disk either. {reason}\n\n"
            "Quitting now loses them. Free some disk space or fix the folder, then try again.")


def confirm_quit(parent: QWidget, history: HistoryService) -> bool:
    """Before quitting: True when nothing is waiting, or the user chose to quit anyway."""
    while not history.retry():
        box = QMessageBox(QMessageBox.Icon.Warning, "History not saved yet",
                          unsaved_text(history), parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # holds file names and error text
        again = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole)
        quit_button = box.addButton("&Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("&Stay open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay if not history.kept else again)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        if clicked is quit_button:
            return True
        if clicked is not again:
            return False
    return True
