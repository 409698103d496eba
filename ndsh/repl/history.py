"""The shell's history file: append-only text, one record per input, safe to share.

The format is prompt_toolkit's FileHistory format (a `# time` line, then the input's lines
each prefixed with `+`), so other tools can read it. What this class adds:

- the file lives under `$XDG_STATE_HOME/ndsh/` (`~/.local/state/ndsh/history`), or at
  `$NDSH_HISTORY`; it is created with mode 0600 in a 0700 folder;
- each record is written with one `write` on a descriptor opened with O_APPEND, so shells open
  at the same time never interleave half records;
- a damaged file (bad bytes, stray lines, even a folder in its place) never stops the shell:
  what can be read is read, and if the file cannot be written the history stays in memory
  after one warning.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Callable, Iterable

from prompt_toolkit.history import History

MAX_LOADED = 10_000        # entries loaded at start; the file itself is never truncated


def history_path(environ: dict[str, str] | None = None) -> Path:
    """Where the history lives: `$NDSH_HISTORY`, else `$XDG_STATE_HOME/ndsh/history`, else
    `~/.local/state/ndsh/history` (an empty variable counts as unset).

    Example:
        >>> str(history_path({"XDG_STATE_HOME": "/tmp/state"}))
        '/tmp/state/ndsh/history'
    """
    env = os.environ if environ is None else environ
    if env.get("NDSH_HISTORY"):
        return Path(env["NDSH_HISTORY"]).expanduser()
    state = env.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                      "state")
    return Path(state) / "ndsh" / "history"


def parse_records(data: str) -> list[str]:
    """The inputs stored in history text, oldest first; lines of any other shape are skipped.

    Example:
        >>> parse_records("\\n# 2024-01-01\\n+x = 1\\n\\n# t\\n+def f():\\n+    pass\\n")
        ['x = 1', 'def f():\\n    pass']
        >>> parse_records("garbage\\n+ok\\n\\x00\\x01")
        ['ok']
    """
    records: list[str] = []
    current: list[str] = []
    for line in data.split("\n"):
        if line.startswith("+"):
            current.append(line[1:])
            continue
        if current:
            records.append("\n".join(current))
            current = []
    if current:
        records.append("\n".join(current))
    return records


def format_record(text: str, when: datetime.datetime | None = None) -> bytes:
    """One record, ready to append in a single write."""
    stamp = (when or datetime.datetime.now()).isoformat(sep=" ", timespec="milliseconds")
    body = "".join(f"+{line}\n" for line in text.split("\n"))
    return f"\n# {stamp}\n{body}".encode("utf-8", errors="surrogateescape")


class SharedFileHistory(History):
    """prompt_toolkit History over an append-only file shared by every open shell.

    `warn` is called once with a sentence when the file cannot be read or written.
    """

    def __init__(self, path: Path | str, warn: Callable[[str], None] | None = None):
        super().__init__()
        self.path = Path(path)
        self._warn = warn or (lambda message: None)
        self._writable = True

    def load_history_strings(self) -> Iterable[str]:
        """The stored inputs, newest first (what prompt_toolkit asks for)."""
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return []
        except OSError as exc:
            self._warn(f"ndsh: history {self.path} could not be read ({exc.strerror}); "
                       f"starting with an empty history")
            return []
        records = parse_records(data.decode("utf-8", errors="replace"))
        return [record for record in reversed(records[-MAX_LOADED:]) if record.strip()]

    def store_string(self, string: str) -> None:
        """Append one input to the file (the in-memory copy is kept by History)."""
        if not self._writable:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            self._writable = False
            self._warn(f"ndsh: history {self.path} cannot be written ({exc.strerror}); "
                       f"this session's history is kept in memory only")
            return
        try:
            os.write(descriptor, format_record(string))
        except OSError as exc:
            self._writable = False
            self._warn(f"ndsh: history {self.path} cannot be written ({exc.strerror}); "
                       f"this session's history is kept in memory only")
        finally:
            os.close(descriptor)

    def search(self, word: str) -> list[str]:
        """Every stored input containing `word`, oldest first (`%history -g`)."""
        return [entry for entry in reversed(list(self.load_history_strings()))
                if word in entry]
