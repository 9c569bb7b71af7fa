"""``hiptimer`` and ``python -m hiptimer``: commands without Qt, else the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Commands are bare words (list, show, history...); the window takes options
    # only. Deciding without importing the CLI keeps the window's start-up short.
    if args and (not args[0].startswith("-") or args[0] == "--version"):
        from hiptimer.cli import main as cli_main

        return cli_main(args)
    from hiptimer.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
