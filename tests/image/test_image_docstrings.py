"""Every docstring example of mx.image and mx.io runs and prints what it says, with the names a
user has inside ndsh (`mx`, `nd`, `np`), and every public name has one."""
from __future__ import annotations

import doctest
import importlib
import random

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx

MODULES = ["ndsh.image", "ndsh.image.image", "ndsh.image.augmenters", "ndsh.image.color_augs",
           "ndsh.image.create", "ndsh.image.io_base", "ndsh.image.ndarray_iter",
           "ndsh.gluon.data.vision.cv_resize", "ndsh.gluon.recordio", "ndsh.gluon.recordio_pack",
           "ndsh.image.iters", "ndsh.image.det_augs", "ndsh.image.detection", "ndsh.image.io"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd, "mx": mx,
                                                 "np": np, "random": random},
                             optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("name", MODULES[1:])
def test_every_public_name_has_an_example(name):
    module = importlib.import_module(name)
    for public in module.__all__:
        obj = getattr(module, public)
        doc = obj.__doc__ or ""
        assert doc.split("\n")[0].strip(), f"{name}.{public} has no first line"
        assert ">>>" in doc, f"{name}.{public} has no example"
