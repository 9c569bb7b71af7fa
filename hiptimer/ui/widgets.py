"""Small painted widgets shared by the pages: the countdown dial and the illustration."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from hiptimer.core.model import Side
from hiptimer.paths import images_dir

log = logging.getLogger(__name__)


class CountdownDial(QWidget):
    """Very large digits inside a ring that empties as the phase runs.

    It repaints only when the value shown changes (once a second).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._fraction = 1.0
        self._colour = QColor("#27AE60")
        self._dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(110, 110)
        self.setAccessibleName("Countdown")

    def text(self) -> str:
        return self._text

    def set_value(self, text: str, fraction: float, colour: QColor, dimmed: bool = False) -> None:
        fraction = max(0.0, min(1.0, fraction))
        if (text, round(fraction, 3), colour.name(), dimmed) == (
                self._text, round(self._fraction, 3), self._colour.name(), self._dimmed):
            return
        self._text, self._fraction, self._colour, self._dimmed = text, fraction, colour, dimmed
        self.setAccessibleDescription(text)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        ring = max(6.0, side * 0.045)
        rect = QRectF((self.width() - side) / 2 + ring, (self.height() - side) / 2 + ring,
                      side - 2 * ring, side - 2 * ring)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(self.palette().color(self.foregroundRole()))
        track.setAlpha(40)
        p.setPen(QPen(track, ring, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawEllipse(rect)
        colour = QColor(self._colour)
        if self._dimmed:
            colour.setAlpha(110)
        if self._fraction > 0:
            p.setPen(QPen(colour, ring, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawArc(rect, 90 * 16, int(-self._fraction * 360 * 16))
        font = QFont(self.font())
        font.setBold(True)
        digits = max(1, len(self._text))
        # Big enough to read from three metres, small enough to fit the ring.
        size = side * (0.50 if digits <= 2 else 0.36 if digits <= 4 else 0.26)
        font.setPixelSize(max(12, int(size)))
        p.setFont(font)
        text_colour = QColor(self.palette().color(self.foregroundRole()))
        if self._dimmed:
            text_colour.setAlpha(130)
        p.setPen(text_colour)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._text)
        p.end()


class ProgressLine(QWidget):
    """A thin progress bar that repaints lazily (QProgressBar.setValue repaints at once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._maximum = 1
        self._value = 0
        self._colour: QColor | None = None  # None: the palette's highlight
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(12)

    def setRange(self, minimum: int, maximum: int) -> None:
        self._maximum = max(1, maximum - minimum)
        self.update()

    def maximum(self) -> int:
        return self._maximum

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = max(0, min(self._maximum, int(value)))
        if value != self._value:
            self._value = value
            self.setAccessibleDescription(f"{round(100 * value / self._maximum)} percent")
            self.update()

    def set_colour(self, colour: QColor | None) -> None:
        if colour != self._colour:
            self._colour = colour
            self.update()

    def colour(self) -> QColor:
        return self._colour or self.palette().color(self.palette().ColorRole.Highlight)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        track = QColor(self.palette().color(self.foregroundRole()))
        track.setAlpha(45)
        r = QRectF(self.rect())
        radius = r.height() / 2
        p.setBrush(track)
        p.drawRoundedRect(r, radius, radius)
        done = QRectF(r.x(), r.y(), r.width() * self._value / self._maximum, r.height())
        if done.width() > 0:
            p.setBrush(self.colour())
            p.drawRoundedRect(done, radius, radius)
        p.end()


class FlashOverlay(QWidget):
    """A full-size wash of colour over its parent: a cue seen from across the room.

    It stands in for a sound when there is none; it never takes the mouse.
    """

    DURATION_MS = 350

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._colour = QColor("#27AE60")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DURATION_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def flash(self, colour: QColor) -> None:
        self._colour = QColor(colour)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.update()
        self._timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        # A frame of solid colour round the edge, seen from across the room, and
        # a light wash inside that leaves every word and button readable.
        p = QPainter(self)
        wash = QColor(self._colour)
        wash.setAlpha(45)
        p.fillRect(self.rect(), wash)
        band = max(8, min(self.width(), self.height()) // 60)  # clear of the text and buttons
        w, h = self.width(), self.height()
        for x, y, bw, bh in ((0, 0, w, band), (0, h - band, w, band), (0, 0, band, h), (w - band, 0, band, h)):
            p.fillRect(x, y, bw, bh, self._colour)
        p.end()


@lru_cache(maxsize=128)
def _svg_bytes(path: str, side: str) -> bytes | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("Cannot read illustration %s: %s", path, exc)
        return None
    if side == Side.RIGHT.value:
        try:
            from hiptimer.figures import svg_for_side

            text = svg_for_side(text, side)
        except ImportError:  # pragma: no cover - the figures package ships with the app
            pass
    return text.encode("utf-8")


def image_path(name: str, extra_dirs: tuple[Path, ...] = ()) -> Path:
    for d in (*extra_dirs, images_dir()):
        candidate = d / name
        if candidate.is_file():
            return candidate
    return images_dir() / name


class Illustration(QWidget):
    """An exercise illustration, mirrored and recoloured for the right side."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        self._renderer: QSvgRenderer | None = None
        self._key: tuple[str, str, tuple[Path, ...]] | None = None
        self._placeholder = placeholder
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        self.setAccessibleName("Illustration")

    def set_image(self, name: str, side: Side = Side.NONE, caption: str = "",
                  extra_dirs: tuple[Path, ...] = ()) -> None:
        # Called on every display refresh: settle the common case without
        # touching the file system.
        key = (name, side.value, extra_dirs)
        # The caption (an exercise name) stands in for a missing picture; a file name never does.
        self.setAccessibleDescription(caption or "Illustration")
        self._placeholder = caption or "No picture"
        if key == self._key:
            return
        self._key = key
        path = str(image_path(name, extra_dirs)) if name else ""
        data = _svg_bytes(path, side.value) if path else None
        renderer = QSvgRenderer(QByteArray(data)) if data else None
        self._renderer = renderer if renderer is not None and renderer.isValid() else None
        self.update()

    def set_svg_text(self, svg: str) -> None:
        """Show a one-off SVG (an animation frame)."""
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        if renderer.isValid():
            self._renderer = renderer
            self._key = None
            self.update()

    def has_image(self) -> bool:
        return self._renderer is not None

    def sizeHint(self) -> QSize:
        return QSize(480, 320)

    def heightForWidth(self, width: int) -> int:
        return int(width * 2 / 3)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect())
        if self._renderer is None:
            pen = QPen(self.palette().color(self.foregroundRole()))
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRoundedRect(area.adjusted(2, 2, -2, -2), 8, 8)
            p.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self._placeholder or "No picture")
            p.end()
            return
        view = self._renderer.viewBoxF()
        if view.isEmpty():
            view = QRectF(0, 0, 480, 320)
        scale = min(area.width() / view.width(), area.height() / view.height())
        w, h = view.width() * scale, view.height() * scale
        target = QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)
        self._renderer.render(p, target)
        p.end()
