"""The docstring examples of the dask backend's modules run."""
from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

from ndsh import nd

pytest.importorskip("dask.array")


@pytest.mark.parametrize("name", ["ndsh.engine.dask_values", "ndsh.engine.dask_array",
                                  "ndsh.engine.dask_buffer"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), extraglobs={"nd": nd, "np": np})
    assert result.attempted > 0 and result.failed == 0
