"""The `ndsh` command: `main` is the console script (and `python -m ndsh`).

    ndsh run FILE [ARGS]...     run a script; ARGS go to the script as sys.argv[1:]
    ndsh FILE [ARGS]...         the same, so `#!/usr/bin/env ndsh` works
    ndsh -c CODE [ARGS]...      run a one-liner
    ndsh run - / piped stdin    run the script read from stdin
    ndsh doc [NAME]             the page for a name; --search WORD; no name: the namespaces
    ndsh run book.ipynb         run a notebook's code cells (--inplace: write the outputs back)
    ndsh kernel install|list|remove   the Jupyter kernel's kernelspec

Running a script, `ndsh [run] [OPTIONS] FILE [ARGS]...`, goes straight to cli_run.py: typer
and click are not imported, which keeps a tenth off the start-up. Every other command line
goes through the typer app (cli_app.py), which parses the same options the same way.

Exit codes: 0 success, 1 an error in the script, 2 a usage error, 130 Ctrl-C, 141 when the
reader of stdout went away (`ndsh run s.nds | head -1`; quietly, as other tools do).
"""
from __future__ import annotations

import os
import sys

from ndsh.cli_routing import plain_run
from ndsh.cli_run import run_plain


def main(argv: list[str] | None = None) -> None:
    """The console script: exits with the command's status (typer's standalone mode for all
    but a plain script run: usage errors exit 2 with typer's message).

    Example:
        >>> try:
        ...     main(["-c", "print(6 * 7)"])
        ... except SystemExit as stop:
        ...     print("exit", stop.code)
        42
        exit 0
    """
    args = sys.argv[1:] if argv is None else list(argv)
    options = None if "_NDSH_COMPLETE" in os.environ else plain_run(args)
    if options is not None:
        sys.exit(run_plain(options))
    from ndsh.cli_app import app
    app(args=argv, prog_name="ndsh")


def __getattr__(name: str):
    """`ndsh.cli.app`, the typer app, imported on first use."""
    if name == "app":
        from ndsh.cli_app import app
        return app
    raise AttributeError(f"module 'ndsh.cli' has no attribute {name!r}")
