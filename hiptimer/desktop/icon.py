"""The app's identity on the Qt side: its icon and its desktop file name."""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication, QIcon

from hiptimer.desktop import identity

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """Every bundled size of the icon, so Qt never scales a large one down to 16 px."""
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


def apply_identity(app: QGuiApplication) -> None:
    """Name the app after its .desktop file (the Wayland app id) and give it its icon.

    The window icon also shows in the About box and in dialogs.
    """
    app.setDesktopFileName(identity.APP_ID)
    app.setWindowIcon(app_icon())
