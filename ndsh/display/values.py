"""How the shell and `--echo` show a value."""
from __future__ import annotations

from typing import Any

import numpy as np

# numpy 2 writes scalars as `np.float32(22.494442)`; the shell shows them as numbers, as
# numpy 1 and MXNet's notebooks did (the d2l text shows `22.494442`).
_LEGACY_SCALARS = {"legacy": "1.25"} if int(np.__version__.split(".")[0]) >= 2 else {}


def format_value(value: Any) -> str:
    """The text the shell echoes for `value`: its repr, with numpy scalars as plain numbers.

    Example:
        >>> format_value(np.float32(1.5)), format_value((np.int64(2), "a"))
        ('1.5', "(2, 'a')")
    """
    with np.printoptions(**_LEGACY_SCALARS):
        return repr(value)
