"""The examples in the tools' docstrings run."""
from __future__ import annotations

import doctest
import importlib
import io
import json
import os
import sys

import numpy as np
import pytest

from ndsh import gluon
from ndsh.engine import autograd, nd

MODULES = ["ndsh.tools.locations", "ndsh.tools.names", "ndsh.tools.provenance",
           "ndsh.tools.graphs", "ndsh.tools.graph_export", "ndsh.tools.labels",
           "ndsh.tools.tracing", "ndsh.tools.explain", "ndsh.tools.explain_params",
           "ndsh.tools.gradcheck", "ndsh.tools.pictures", "ndsh.tools.progress",
           "ndsh.tools.output", "ndsh.tools.user_terms", "ndsh.tools.nets", "ndsh.tools.np_arrays",
           "ndsh.display.segments", "ndsh.display.trace_view", "ndsh.display.plots"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    with np.errstate(all="ignore"):
            result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd, "io": io,
                                                     "json": json, "os": os, "sys": sys,
                                                     "gluon": gluon},
                                 optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
