"""The pure core and the command line never load Qt.

Which package may import which is checked statically by import-linter (the
contracts under ``[tool.importlinter]`` in pyproject.toml, run by
scripts/test.sh); see docs/architecture.md. This test checks the same rule
at run time, the way a user meets it: ``hiptimer list`` in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys


def test_core_library_storage_and_cli_do_not_import_qt():
    """Importing core, library, storage and the CLI, and running ``list``, loads no PySide6."""
    code = (
        "import sys\n"
        "import hiptimer.core.engine, hiptimer.core.plan, hiptimer.core.record, hiptimer.core.clock\n"
        "import hiptimer.core.display, hiptimer.core.rom\n"
        "import hiptimer.library.catalog, hiptimer.library.loader\n"
        "import hiptimer.storage.settings, hiptimer.storage.store, hiptimer.storage.export\n"
        "import hiptimer.storage.writer, hiptimer.storage.importer\n"
        "import hiptimer.cli, hiptimer.paths, hiptimer.figures\n"
        "from hiptimer.cli import main\n"
        "main(['list'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
