"""Who the app is to the desktop: one reverse-DNS id, used everywhere.

The id names the .desktop file, the AppStream component, the icon, the
Wayland app id (``QGuiApplication.setDesktopFileName``) and the D-Bus names.
It follows the freedesktop rule for application ids: reverse DNS of a domain
the project controls (its GitHub Pages domain), each element a letter or
underscore then letters, digits and underscores, no element starting with a
digit. Qt-free: the command line uses it too.
"""

from __future__ import annotations

from pathlib import Path

from hiptimer.paths import bundled_root

APP_ID = "io.github.hiptimer.HipTimer"
APP_NAME = "hiptimer"  # the program's name, as the window titles show it
DISPLAY_NAME = "HipTimer"  # the launcher's name (Name= in the .desktop file)
ICON_NAME = APP_ID
REPOSITORY_URL = "https://github.com/hiptimer/hiptimer"
ISSUES_URL = f"{REPOSITORY_URL}/issues"
SCREENSHOT_URL = f"{REPOSITORY_URL}/raw/main/docs/images"

# Sizes of the PNG icons in assets/icons/hicolor/<n>x<n>/apps/.
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"


def icon_theme_dir() -> Path:
    """The bundled hicolor tree: ``<n>x<n>/apps/`` and ``scalable/apps/``."""
    return bundled_root() / "assets" / "icons" / "hicolor"


def icon_png(size: int) -> Path:
    return icon_theme_dir() / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def icon_svg() -> Path:
    return icon_theme_dir() / "scalable" / "apps" / f"{ICON_NAME}.svg"
