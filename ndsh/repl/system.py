"""`!cmd` and `x = !cmd` in the shell: a command run by the system's shell (`/bin/sh`, as
IPython's `!` does), with Python values put in first.

`!cmd` runs on the terminal itself (so `!less f`, colours and Ctrl-C work) and leaves its exit
status in `_exit_code`; `x = !cmd` gives its standard output as a list of lines (str), its
errors still shown. `{expression}` and `$name` in the command are replaced by the values of
the user's Python (`!ls {folder}`, `!echo $lr`); one that does not evaluate is left as typed,
so `$HOME` and awk's `{print $1}` reach the shell unchanged; nothing is expanded inside single
quotes; `$$` is a `$`.

Nothing here imports prompt_toolkit: the bridge of `ndsh.repl.state` calls it.
"""
from __future__ import annotations

import locale
import re
import subprocess
from typing import Any, TextIO

_PIECE = re.compile(r"'[^']*'|\$\$|\$(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"
                    r"|\{(?P<expression>[^{}]+)\}")


def expand(command: str, namespace: dict[str, Any]) -> str:
    """`command` with `{expression}` and `$name` replaced by their values in `namespace`.

    Example:
        >>> expand("ls {folder}/*.nds $n '$n' $HOME $$", {"folder": "runs", "n": 3})
        "ls runs/*.nds 3 '$n' $HOME $"
        >>> expand("awk '{print $1}' {missing} $stem.txt", {"stem": "data"})
        "awk '{print $1}' {missing} data.txt"
    """
    def replace(match: re.Match) -> str:
        text = match.group(0)
        if text == "$$":
            return "$"
        if match["name"]:
            return _dollar(match["name"], namespace)
        if match["expression"]:
            try:
                return str(eval(match["expression"], namespace))
            except Exception:
                return text
        return text                          # single quotes: the shell's literal text
    return _PIECE.sub(replace, command)


def _dollar(name: str, namespace: dict[str, Any]) -> str:
    """`$a.b.c`: the longest leading part that is a value of the user's (`$stem.txt` with
    `stem` a str gives `data.txt`); unchanged when even `a` is not one (`$HOME`)."""
    parts = name.split(".")
    if parts[0] not in namespace:
        return "$" + name
    for end in range(len(parts), 0, -1):
        try:
            value = eval(".".join(parts[:end]), namespace)
        except Exception:
            continue
        return str(value) + "".join("." + part for part in parts[end:])
    return "$" + name


def run_command(command: str, stdout: TextIO, stderr: TextIO) -> int:
    """Run `command` with the system's shell; give its exit status. Its output goes straight
    to the streams' files (the terminal), or through the streams when they have none (tests,
    a notebook)."""
    out_file, err_file = _file_of(stdout), _file_of(stderr)
    completed = subprocess.run(command, shell=True,
                               stdout=out_file if out_file is not None else subprocess.PIPE,
                               stderr=err_file if err_file is not None else subprocess.PIPE)
    _copy(completed.stdout, stdout)
    _copy(completed.stderr, stderr)
    return completed.returncode


def capture_lines(command: str, stderr: TextIO) -> tuple[list[str], int]:
    """Run `command`; give its standard output as lines (without their line ends) and its
    exit status. Its errors go to `stderr`, not into the lines."""
    err_file = _file_of(stderr)
    completed = subprocess.run(command, shell=True, stdout=subprocess.PIPE,
                               stderr=err_file if err_file is not None else subprocess.PIPE)
    _copy(completed.stderr, stderr)
    return _decode(completed.stdout).splitlines(), completed.returncode


def _file_of(stream: TextIO) -> int | None:
    """The file descriptor under a text stream, flushed first; None for a StringIO."""
    try:
        stream.flush()
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _copy(data: bytes | None, stream: TextIO) -> None:
    if data:
        stream.write(_decode(data))
        stream.flush()


def _decode(data: bytes) -> str:
    return data.decode(locale.getpreferredencoding(False) or "utf-8", errors="replace")
