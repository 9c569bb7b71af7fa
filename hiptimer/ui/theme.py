"""Colours and the light/dark palette.

One accent colour per side, used the same in the player, the illustrations
and the charts: blue for the left leg, orange for the right (a pair that
stays distinct for the common kinds of colour blindness). Each phase role
(:class:`~hiptimer.core.display.Tone`) has one colour here and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from hiptimer.core.tones import Tone, side_tone

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from hiptimer.core.model import Side

LEFT = "#2F80ED"
RIGHT = "#F2994A"
ACCENT = "#27AE60"  # neutral accent for work without a side
ACCENT_DEEP = "#1E8449"  # the Start button's green: white text on it reads at 4.7:1
PAUSED = "#9B9B9B"

TONES = {
    Tone.LEFT: LEFT,
    Tone.RIGHT: RIGHT,
    Tone.NEUTRAL: ACCENT,
    Tone.RELEASE: "#9B6BDF",  # violet: clearly not a hold, on either side
    Tone.REST: "#20A39E",  # teal
    Tone.READY: "#E0B000",  # amber: get ready, switch sides
    Tone.PAUSED: PAUSED,
}


def tone_hex(tone: Tone) -> str:
    return TONES[tone]


def tone_colour(tone: Tone) -> QColor:
    return QColor(TONES[tone])


def side_colour(side: Side) -> QColor:
    return tone_colour(side_tone(side))


def badge_sheet(tone: Tone) -> str:
    """The side badge: white on blue, dark on orange (each with enough contrast)."""
    text = "#10141A" if tone in (Tone.RIGHT, Tone.READY) else "#FFFFFF"
    return f"background: {tone_hex(tone)}; color: {text}; border-radius: 10px; padding: 2px 18px;"


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def system_prefers_dark(scheme: Qt.ColorScheme | None = None, *, fallback: bool | None = None) -> bool:
    """The desktop's scheme; when it does not say, ``fallback`` (else the app palette's colour)."""
    from PySide6.QtCore import Qt  # not at import: this module is on the first frame's path

    hints = QGuiApplication.styleHints()
    if scheme is None or scheme == Qt.ColorScheme.Unknown:
        scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (e.g. offscreen, older desktops): judge by the window colour.
    return fallback if fallback is not None else palette_is_dark(QGuiApplication.palette())


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
    text_strong = "#FFFFFF" if dark else "#1F2328"
    return f"""
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
    QLabel#pausedBadge {{
        background: {PAUSED}; color: #FFFFFF; border-radius: 10px; padding: 2px 14px;
    }}
    QToolButton {{ padding: 4px 12px; }}
    QPushButton[rating="true"]:checked {{
        background: {ACCENT}; color: #FFFFFF; font-weight: bold; border: 2px solid {text_strong};
    }}
    """


QT_STYLE_ARGS = ["-style", "Fusion"]  # for the QApplication: Fusion from the start


def accent_button(button: QPushButton) -> QPushButton:
    """The main action's button (Start): white on the accent green, by its palette.

    A palette, not a style sheet: the first window has no style sheet at all,
    because the first one loaded costs that frame tens of milliseconds.
    """
    palette = button.palette()
    palette.setColor(QPalette.ColorRole.Button, QColor(ACCENT_DEEP))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#FFFFFF"))
    button.setPalette(palette)
    return button


def first_frame_theme(app: QApplication, dark: bool) -> None:
    """Only what the first frame needs: the palette for ``dark``.

    The style comes from the QApplication's arguments (:data:`QT_STYLE_ARGS`),
    since asking the app for its style builds Python wrappers for hundreds of
    Qt enums; the desktop's scheme, the style check and the application-wide
    sheet (the first style sheet costs tens of milliseconds) wait for
    :func:`apply_theme`, after the first paint.
    """
    app.setPalette(_palette(dark))
    app.setProperty("hiptimer_dark", dark)


def apply_theme(app: QApplication, theme: str = "system", scheme: Qt.ColorScheme | None = None,
                *, fallback: bool | None = None) -> bool:
    """Use Fusion with a calm palette and the app's style sheets; returns True when dark.

    With "system", the desktop's light or dark scheme is used (``fallback``
    when the desktop does not say), and a later change of it is followed
    while the app runs.
    """
    dark = theme == "dark"
    if theme == "system":
        dark = system_prefers_dark(scheme, fallback=fallback)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if dark != app.property("hiptimer_dark"):
        app.setPalette(_palette(dark))
        app.setProperty("hiptimer_dark", dark)
    app.setStyleSheet(style_sheet(dark))
    app.setProperty("hiptimer_theme", theme)
    if not app.property("hiptimer_follows_scheme"):
        app.setProperty("hiptimer_follows_scheme", True)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda scheme: _follow_scheme(app, scheme))
    return dark


def _follow_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    if app.property("hiptimer_theme") == "system":
        apply_theme(app, "system", scheme)
