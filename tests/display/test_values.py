"""How echoed values are written (ndsh.display.values)."""
from __future__ import annotations

import numpy as np

from ndsh.display.values import format_value
from ndsh.engine import nd


def test_format_value_shows_numpy_scalars_as_numbers():
    assert format_value(np.float32(22.494442)) == "22.494442"
    assert format_value([np.int64(1), "x"]) == "[1, 'x']"
    assert format_value(nd.zeros((1,))) == "\n[0.]\n<NDArray 1 @cpu(0)>"
