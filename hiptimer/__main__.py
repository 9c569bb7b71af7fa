"""``hiptimer`` and ``python -m hiptimer``: commands without Qt, else the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Commands are bare words (list, show, history...); the window takes options
    # only. Deciding without importing the CLI keeps the window's start-up short.
    if args and args[0] in ("report", "remind"):
        # They need Qt (a PDF, D-Bus) but no window, so the Qt-free CLI cannot run them.
        return _qt_command(args)
    if args and (not args[0].startswith("-") or args[0] == "--version"):
        from hiptimer.cli import main as cli_main

        return cli_main(args)
    from hiptimer.app import main as app_main

    return app_main(args)


def _qt_command(args: list[str]) -> int:
    """``hiptimer report`` (hiptimer.report) and ``hiptimer remind`` (hiptimer.desktop.remind)."""
    from hiptimer.cli import build_parser

    parsed = build_parser().parse_args(args)
    if parsed.command == "report":
        from hiptimer.report.command import run
    else:
        from hiptimer.desktop.remind import run
    try:
        return run(parsed, sys.stdout)
    except OSError as exc:
        sys.stderr.write(f"hiptimer: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
