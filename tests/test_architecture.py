"""The pure core and the command line never load Qt."""

from __future__ import annotations

import subprocess
import sys


def test_core_library_storage_and_cli_do_not_import_qt():
    code = (
        "import sys\n"
        "import hiptimer.core.engine, hiptimer.core.plan, hiptimer.core.record, hiptimer.core.clock\n"
        "import hiptimer.library.catalog, hiptimer.library.loader\n"
        "import hiptimer.storage.settings, hiptimer.storage.store, hiptimer.storage.export\n"
        "import hiptimer.cli, hiptimer.paths, hiptimer.figures\n"
        "from hiptimer.cli import main\n"
        "main(['list'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_core_imports_only_the_standard_library():
    """hiptimer.core may import nothing outside the standard library and itself."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import hiptimer.core.engine, hiptimer.core.plan, hiptimer.core.record, hiptimer.core.clock\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "third = sorted(m for m in new if m != 'hiptimer' and m not in sys.stdlib_module_names)\n"
        "assert not third, third\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_nothing_outside_app_imports_the_ui():
    """Only app.py (and the ui package itself) may import hiptimer.ui."""
    from pathlib import Path

    import hiptimer

    root = Path(hiptimer.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] == "ui" or rel.name == "app.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "hiptimer.ui" in text or "from hiptimer import ui" in text:
            offenders.append(str(rel))
    assert offenders == []
