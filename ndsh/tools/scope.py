"""What a Session turns on while user code runs (kept small: it is imported by every run)."""
from __future__ import annotations

import contextlib
from typing import Iterator

from ndsh.tools.output import using_output
from ndsh.tools.provenance import watching


@contextlib.contextmanager
def session_scope(output) -> Iterator[None]:
    """Source lines for recorded ops (the watcher), and `output` as the tools' Output."""
    with watching(), using_output(output):
        yield
