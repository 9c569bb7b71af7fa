"""Colours and the light/dark palette.

One accent colour per side, used the same in the player, the illustrations
and the charts: blue for the left leg, orange for the right (a pair that
stays distinct for the common kinds of colour blindness).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from hiptimer.core.model import Side

LEFT = "#2F80ED"
RIGHT = "#F2994A"
ACCENT = "#27AE60"  # neutral accent for work without a side
PAUSED = "#9B9B9B"


def side_colour(side: Side) -> QColor:
    return QColor({Side.LEFT: LEFT, Side.RIGHT: RIGHT}.get(side, ACCENT))


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (e.g. offscreen, older desktops): judge by the window colour.
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        base, window, text, mid = "#1E2127", "#262A31", "#E8EAED", "#3A3F48"
        button, highlight = "#30353D", "#3D7BD9"
    else:
        base, window, text, mid = "#FFFFFF", "#F4F5F7", "#1F2328", "#C9CED6"
        button, highlight = "#E9ECF0", "#2F6FD0"
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: "#8A94A6",
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Link: highlight,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7C8799"))
    return p


def style_sheet(dark: bool) -> str:
    card = "#2C3139" if dark else "#FFFFFF"
    border = "#3A3F48" if dark else "#D5DAE1"
    note_bg = "#3A3320" if dark else "#FFF6DB"
    note_fg = "#F2D48A" if dark else "#6B4E00"
    return f"""
    QPushButton#startButton {{
        background: {ACCENT}; color: #FFFFFF; border: none; border-radius: 8px; padding: 6px 22px;
    }}
    QPushButton#startButton:hover {{ background: #2FC46C; }}
    QPushButton#startButton:focus {{ border: 3px solid {"#FFFFFF" if dark else "#1F2328"}; }}
    QFrame#infoCard, QFrame#exerciseRow {{
        background: {card}; border: 1px solid {border}; border-radius: 10px;
    }}
    QFrame#infoCard QLabel, QFrame#exerciseRow QLabel {{ background: transparent; border: none; }}
    QLabel#safetyNote {{
        background: {note_bg}; color: {note_fg}; border-radius: 8px; padding: 8px 12px;
    }}
    QLabel#playerNotice {{
        background: {note_bg}; color: {note_fg}; border-radius: 8px; padding: 6px 12px;
    }}
    QWidget#PlayerView[flash="true"] QFrame#infoCard {{ border: 4px solid {ACCENT}; }}
    QToolButton {{ padding: 4px 12px; }}
    """


def apply_theme(app: QApplication, theme: str = "system") -> bool:
    """Use Fusion with a calm palette; returns True when dark."""
    dark = system_prefers_dark() if theme == "system" else theme == "dark"
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    app.setStyleSheet(style_sheet(dark))
    app.setProperty("hiptimer_dark", dark)
    return dark


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()  # type: ignore[assignment]
    return bool(app and app.property("hiptimer_dark"))
