"""The app's identity on the Qt side: its icon and its desktop file name."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

from hiptimer.desktop import identity

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """Every bundled size of the icon, so Qt never scales a large one down to 16 px."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in identity.ICON_SIZES:
        path = identity.icon_png(size)
        if path.is_file():
            icon.addFile(str(path))
    svg = identity.icon_svg()
    if svg.is_file():
        icon.addFile(str(svg))
    if icon.isNull():
        log.warning("The app icon is missing from %s", identity.icon_theme_dir())
        icon = QIcon.fromTheme(identity.ICON_NAME)
    return icon


def set_app_id(app: QGuiApplication) -> None:
    """Name the app after its .desktop file (the Wayland app id); before any window is shown."""
    app.setDesktopFileName(identity.APP_ID)


def set_app_icon(app: QGuiApplication) -> None:
    """The window icon, also shown in the About box and in dialogs.

    Set once the first frame is on screen: loading every size costs more
    than that frame may, and the desktop shows the icon named by the
    .desktop file meanwhile.
    """
    app.setWindowIcon(app_icon())
