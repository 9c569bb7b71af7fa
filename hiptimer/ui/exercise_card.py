"""The card beside the player's countdown: the exercise's name, its picture and its steps.

A display widget: the player (:mod:`hiptimer.ui.player`) sets its texts and
picture from :func:`hiptimer.core.display.present`. The steps shrink (to
11 px at the least) until they fit the card, never cut off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from hiptimer.ui.labels import plain_label
from hiptimer.ui.text_fit import set_pixel_font, shrink_to_height
from hiptimer.ui.widgets import Illustration


class ExerciseCard(QFrame):
    """``title_label`` (now or next), ``name_label``, ``picture`` and ``steps_label``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._text_px = 14
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.title_label = plain_label(name="cardTitle")
        self.name_label = plain_label(name="cardName", wrap=True)
        self.picture = Illustration()
        self.steps_label = plain_label(name="cardText", wrap=True)
        self.steps_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.steps_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.title_label)
        layout.addWidget(self.name_label)
        layout.addWidget(self.picture, 3)
        layout.addWidget(self.steps_label, 2)

    def set_steps(self, text: str) -> None:
        """Show ``text`` as the steps, fitted to the card (only when it changed)."""
        if self.steps_label.text() != text:
            self.steps_label.setText(text)
            self.fit_steps()

    def set_text_px(self, px: int) -> None:
        """The steps' largest size, in pixels (they shrink from it to fit)."""
        self._text_px = px
        set_pixel_font(self.steps_label, px)

    def fit_steps(self) -> None:
        """Shrink the steps until they fit the card, never cut off."""
        shrink_to_height(self.steps_label, self._text_px)
