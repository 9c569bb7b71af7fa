"""Draw a notification as the fake server received it, to look at.

A desktop would draw the bubble itself; this mock-up shows what it has to
work with: the icon the name resolves to, the app name, summary and body.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def resolve_icon(name: str, data_dirs: list[Path]) -> QIcon:
    """Look the icon name up in hicolor under each data folder, as a desktop would."""
    icon = QIcon()
    for data in data_dirs:
        hicolor = data / "icons" / "hicolor"
        for png in sorted(hicolor.glob(f"*/apps/{name}.png")):
            icon.addFile(str(png))
    return icon


def render(call: dict, out: Path, data_dirs: list[Path]) -> QImage:
    """Save a 420 px wide bubble for one recorded Notify call to ``out``."""
    frame = QFrame()
    frame.setObjectName("bubble")
    frame.setStyleSheet("#bubble { background: #2B3038; border-radius: 12px; }"
                        "QLabel { color: #E8EAED; background: transparent; }")
    frame.setFixedWidth(420)
    row = QHBoxLayout(frame)
    row.setContentsMargins(16, 14, 16, 14)
    row.setSpacing(14)
    icon_label = QLabel()
    icon_label.setPixmap(resolve_icon(call["app_icon"], data_dirs).pixmap(48, 48))
    icon_label.setFixedSize(48, 48)
    row.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
    text = QWidget()
    col = QVBoxLayout(text)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(4)
    for value, style in ((call["app_name"], "color: #8A94A6; font-size: 11px;"),
                         (call["summary"], "font-size: 15px; font-weight: bold;"),
                         (call["body"], "font-size: 13px;")):
        label = QLabel(value)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        col.addWidget(label)
    row.addWidget(text, 1)
    frame.adjustSize()
    image = frame.grab().toImage()
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(out))
    return image
