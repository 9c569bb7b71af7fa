"""File > Export and File > Import: the dialogs around the storage's exchange functions."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from hiptimer.storage import export, importer
from hiptimer.storage.errors import HistoryError

log = logging.getLogger(__name__)


def documents_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def _message(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon) -> None:
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def export_history(parent: QWidget, store: object, fmt: str) -> str | None:
    """Ask where, write the export; a sentence for the status bar, or None if cancelled."""
    start = str(Path(documents_folder()) / f"hiptimer-history.{fmt}")
    path, _ = QFileDialog.getSaveFileName(parent, "Export history", start, f"{fmt.upper()} files (*.{fmt})")
    if not path:
        return None
    write = export.export_csv if fmt == "csv" else export.export_json
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            write(store, fh)
    except (OSError, HistoryError) as exc:
        reason = exc.message if isinstance(exc, HistoryError) else (exc.strerror or exc)
        _message(parent, "Export failed", f"Could not write {path}: {reason}",
                 QMessageBox.Icon.Warning)
        return None
    return f"History exported to {path}"


def import_history(parent: QWidget, store: object) -> str | None:
    """Ask for a JSON export and merge it; a sentence for the status bar, or None."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import history", documents_folder(), "JSON files (*.json)")
    if not path:
        return None
    try:
        result = importer.import_file(store, path)  # checked whole, then one transaction
    except (importer.ImportFormatError, HistoryError) as exc:
        log.warning("Import of %s failed: %s", path, exc)
        _message(parent, "Import failed", f"Could not import {Path(path).name}: {exc}",
                 QMessageBox.Icon.Warning)
        return None
    text = result.describe()
    _message(parent, "Import finished", text[:1].upper() + text[1:] + ".", QMessageBox.Icon.Information)
    return f"Imported {Path(path).name}: {text}."
