"""The window's questions and notes, each shown as plain text.

Imported by the first window, so the Qt classes (slow to load the first
time) are looked up only when a box is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

from hiptimer import __version__

DISCLAIMER = (
    "hiptimer guides you through exercises written up by physical therapists. "
    "It is not medical advice and cannot tell whether an exercise suits you. "
    "Move gently, stop if anything hurts, and ask a physical therapist or doctor "
    "if you have pain, an injury or a hip condition."
)


def _plain(box: QMessageBox) -> QMessageBox:
    from PySide6.QtCore import Qt

    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget, text: str, title: str = "hiptimer") -> None:
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, title, text, parent=parent)
    _plain(box)
    box.exec()


def disclaimer(parent: QWidget) -> None:
    QtWidgets.QMessageBox.information(parent, "Before you start", DISCLAIMER)


def ask_to_end(parent: QWidget, quitting: bool = False) -> bool:
    """Ask before ending a session early (and, when ``quitting``, closing hiptimer); True to go ahead."""
    if quitting:
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, "Quit hiptimer?",
                          "A session is running. Quit hiptimer and end the session now? The sides you "
                          "finished stay in your history; the rest is marked as not done.", parent=parent)
        end = box.addButton("&Quit and end the session", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    else:
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, "End the session?",
                          "End this session now? The sides you finished stay in your history; "
                          "the rest is marked as not done.", parent=parent)
        end = box.addButton("&End session", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep going", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is end


def ask_to_resume(parent: QWidget, routine_title: str) -> bool:
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, "Resume?",
                      f"Your last session of \u201c{routine_title}\u201d stopped before the end. "
                      "Carry on where it stopped?", parent=parent)
    _plain(box)
    resume = box.addButton("Resume", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is resume


def about(parent: QWidget) -> None:
    QtWidgets.QMessageBox.about(parent, "About hiptimer",
                      f"<b>hiptimer {__version__}</b><p>A guided player for hip internal and "
                      "external rotation routines. The exercises and doses come from "
                      "articles by physical therapists; each routine names its source.</p>"
                      f"<p>{DISCLAIMER}</p>")
